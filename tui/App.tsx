/**
 * The console shell: header with the numbered screens, the agent status line, the active
 * screen, and the footer of keys. It owns the single input dispatch — the `:` palette or
 * an overlay first, then a field being typed into, then the screen's registry, then the
 * global keys — so every key that works is one the footer or the `?` overlay shows.
 */
import { Box, Text, useApp, useInput, type Key } from 'ink';
import { useCallback, useMemo, useRef, useState } from 'react';
import { AgentAbsentPanel } from './components/AgentAbsentPanel.js';
import { AgentStatusLine } from './components/AgentStatusLine.js';
import { CommandPalette } from './components/CommandPalette.js';
import { ConfirmQuit } from './components/ConfirmQuit.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { useAgent } from './hooks/use-agent.js';
import { useScreenKeys } from './hooks/use-screen-keys.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import type { KeyAction, ScreenKeys } from './keys/key-action.js';
import { findAction, KeyRegistryContext, keysSignature, type KeyRegistry } from './keys/key-registry-context.js';
import { isPrintable, keyNameOf } from './keys/key-name.js';
import type { PaletteContext } from './palette/palette-commands.js';
import { useCommandPalette } from './palette/use-command-palette.js';
import { ScreenView } from './screens/ScreenView.js';
import { SCREENS } from './screens/screen-table.js';
import type { AgentLauncher } from './state/agent-launcher.js';
import { ConsoleSession } from './state/console-session.js';
import { fitText } from './layout/fit-text.js';
import { toneColour } from './theme.js';
import { NavigationContext, type Navigation, type Place } from './state/navigation.js';
import { LauncherContext } from './state/launcher-context.js';

export interface AppProps {
  socketPath: string;
  launcher: AgentLauncher;
  /** Where the console opens (the demo opens on the dashboard, tests on any screen). */
  initial?: Place;
  statusIntervalMs?: number;
  /** Where Markdown exports are written (default: the current directory). */
  exportDir?: string;
}

const EMPTY_KEYS: ScreenKeys = { title: '', actions: [] };

export function App({ socketPath, launcher, initial, statusIntervalMs, exportDir }: AppProps) {
  const { exit } = useApp();
  const size = useTerminalSize();
  const agent = useAgent({ socketPath, launcher, statusIntervalMs });
  const session = useRef(new ConsoleSession(exportDir)).current;

  const [stack, setStack] = useState<Place[]>([initial ?? { screen: 'dashboard' }]);
  const place = stack[stack.length - 1] ?? { screen: 'dashboard' };
  const navigation = useMemo<Navigation>(() => ({
    place,
    go: (next) => setStack((s) => [...s, next]),
    back: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
  }), [place]);

  const [overlay, setOverlay] = useState<'none' | 'help' | 'confirm-quit'>('none');
  const screenKeys = useRef<ScreenKeys>(EMPTY_KEYS);
  const [shownKeys, setShownKeys] = useState<ScreenKeys>(EMPTY_KEYS);
  const shownSignature = useRef('');
  const dirty = useRef(false);
  const registry = useMemo<KeyRegistry>(() => ({
    setScreenKeys(keys) {
      screenKeys.current = keys;
      const signature = keysSignature(keys);
      if (signature !== shownSignature.current) {
        shownSignature.current = signature;
        setShownKeys(keys);
      }
    },
    setDirty(value) {
      dirty.current = value;
    },
  }), []);

  const quit = useCallback(() => {
    if (dirty.current) setOverlay('confirm-quit');
    else exit();
  }, [exit]);

  // The `:` palette's actions come from its tables, this context, and the screen's registry.
  const connection = agent.connection;
  const paletteContext: PaletteContext = {
    place,
    connected: connection.state === 'connected',
    canStartAgent: connection.state === 'absent' && !connection.starting,
    profiles: connection.state === 'connected' ? connection.profiles : [],
    methods: connection.state === 'connected' ? connection.methods : new Set(),
    screenTitle: shownKeys.title,
    // Resolved when run, so the screen's latest handler acts, not the one of the render that listed it.
    screenActions: shownKeys.actions.map((a) => ({ ...a, run: () => findAction(screenKeys.current.actions, a.keys[0] ?? '')?.run() })),
    go: navigation.go,
    startAgent: agent.startAgent,
    syncNow: async (profile) => {
      if (connection.state !== 'connected') return '✗ no agent: start one first';
      const result = await connection.client.call('sync.run', { profile });
      return result.started ? `✓ sync of ${profile} started (run ${result.runId.slice(0, 8)})` : `✓ a sync of ${profile} is already running; following it`;
    },
    help: () => setOverlay('help'),
    quit,
  };
  const palette = useCommandPalette(paletteContext);

  const globalActions: KeyAction[] = useMemo(() => [
    { keys: ['?'], label: 'help', help: 'show every key of this screen', run: () => setOverlay('help') },
    { keys: [':'], label: 'commands', help: 'command palette: type to filter the console actions (screens, checks, sync now, start agent, quit…), enter runs, esc closes', priority: 9, run: palette.show },
    { keys: ['escape', 'backspace'], label: 'back', help: 'go back to the previous screen', priority: 8, run: () => navigation.back() },
    { keys: ['q'], label: 'quit', help: 'quit the console (asks first when the wizard has unsaved input)', priority: 3, run: quit },
    ...SCREENS.map((s) => ({ keys: [s.key], label: s.title, help: `go to ${s.title}`, priority: 20, run: () => navigation.go({ screen: s.id }) })),
  ], [navigation, quit, palette.show]);

  // Ink re-subscribes a changed input handler in a passive effect, after the frame is
  // drawn; a key pressed in between would meet the old state. A stable handler that reads
  // the latest one through a ref never does.
  const onInput = useRef<(input: string, key: Key) => void>(() => undefined);
  const stableOnInput = useCallback((input: string, key: Key) => onInput.current(input, key), []);
  useInput(stableOnInput);
  onInput.current = (input: string, key: Key) => {
    if (key.ctrl && input === 'c') return exit();
    const name = keyNameOf(input, key);
    if (palette.outcome) palette.clearOutcome();
    if (palette.open) return palette.handle(name, isPrintable(input, key) ? input : undefined);
    if (overlay === 'confirm-quit') {
      if (name === 'y') exit();
      else if (name === 'n' || name === 'escape') setOverlay('none');
      return;
    }
    if (overlay === 'help') {
      if (name === '?' || name === 'escape' || name === 'q') setOverlay('none');
      return;
    }
    const current = screenKeys.current;
    if (current.onText && isPrintable(input, key)) return current.onText(input);
    if (name === undefined) return;
    const action = findAction(current.actions, name) ?? findAction(globalActions, name);
    action?.run();
  };

  const bodyHeight = Math.max(3, size.rows - 4 - (palette.outcome ? 1 : 0));
  const overlayKind = palette.open ? 'palette' : overlay;
  return (
    <KeyRegistryContext.Provider value={registry}>
      <LauncherContext.Provider value={launcher}>
      <NavigationContext.Provider value={navigation}>
        <Box flexDirection="column" width={size.columns} height={size.rows}>
          <Header current={place.screen} width={size.columns} />
          <AgentStatusLine connection={agent.connection} width={size.columns} />
          {palette.open ? (
            <Box flexDirection="column" height={bodyHeight} overflow="hidden">
              <CommandPalette query={palette.query} matches={palette.matches} selected={palette.selected} width={size.columns} height={bodyHeight} />
            </Box>
          ) : null}
          {/* The screen stays mounted under the palette (hidden), so its actions run on its live state. */}
          <Box flexDirection="column" height={bodyHeight} overflow="hidden" display={palette.open ? 'none' : 'flex'}>
            {overlay === 'help' ? (
              <HelpOverlay title={shownKeys.title} screenActions={shownKeys.actions} globalActions={globalActions} width={size.columns} typing={shownKeys.onText !== undefined} />
            ) : overlay === 'confirm-quit' ? (
              <ConfirmQuit />
            ) : connection.state === 'connected' ? (
              <ScreenView place={place} connection={connection} width={size.columns} height={bodyHeight} session={session} refresh={agent.refresh} />
            ) : (
              <AbsentScreen connection={connection} startAgent={agent.startAgent} />
            )}
          </Box>
          {palette.outcome ? <Text color={toneColour(palette.outcome.tone)}>{fitText(palette.outcome.text, size.columns)}</Text> : null}
          <Footer actions={footerActions(overlayKind, shownKeys, globalActions)} width={size.columns} typing={overlayKind === 'palette' || (overlayKind === 'none' && shownKeys.onText !== undefined)} />
        </Box>
      </NavigationContext.Provider>
      </LauncherContext.Provider>
    </KeyRegistryContext.Provider>
  );
}

/** The keys that work now: an overlay's own, or the screen's plus the globals a typing field leaves free. */
function footerActions(overlay: 'none' | 'help' | 'confirm-quit' | 'palette', keys: ScreenKeys, globals: readonly KeyAction[]): KeyAction[] {
  const none = (): void => undefined;
  if (overlay === 'palette') return [{ keys: ['enter'], label: 'run', run: none }, { keys: ['up', 'down'], label: 'select', run: none }, { keys: ['escape'], label: 'close', run: none }];
  if (overlay === 'help') return [{ keys: ['escape'], label: 'close help', run: none }];
  if (overlay === 'confirm-quit') return [{ keys: ['y'], label: 'quit', run: none }, { keys: ['n'], label: 'stay', run: none }];
  const free = keys.onText ? globals.filter((a) => !a.keys.every((k) => [...k].length === 1)) : globals;
  return [...keys.actions, ...free.filter((g) => !g.keys.some((k) => keys.actions.some((a) => a.keys.includes(k))))];
}

function AbsentScreen({ connection, startAgent }: { connection: Exclude<ReturnType<typeof useAgent>['connection'], { state: 'connected' }>; startAgent: () => void }) {
  const canStart = connection.state === 'absent' && !connection.starting;
  useScreenKeys({
    title: 'No agent',
    actions: canStart ? [{ keys: ['s'], label: 'start agent', help: 'start `mailbridge agent` in the background with this environment', priority: 0, run: startAgent }] : [],
  });
  return <AgentAbsentPanel connection={connection} />;
}
