/**
 * The `:` command palette's actions, as data: one row per console action (the console's
 * own, and per profile those that act on one, limited to the mail systems they fit), the
 * screens from the screen table, and the keys the current screen registered. The palette
 * walks these tables; adding an action is adding a row.
 */
import type { KeyAction } from '../keys/key-action.js';
import { displayKeys } from '../keys/key-action.js';
import { SCREENS } from '../screens/screen-table.js';
import type { Place } from '../state/navigation.js';

export interface PaletteProfile {
  name: string;
  kind: string;
}

/** What the actions can do and see; built by the shell each time the palette opens. */
export interface PaletteContext {
  place: Place;
  connected: boolean;
  /** An agent can be started from here (none runs, none is starting). */
  canStartAgent: boolean;
  profiles: readonly PaletteProfile[];
  methods: ReadonlySet<string>;
  screenTitle: string;
  screenActions: readonly KeyAction[];
  go(place: Place): void;
  startAgent(): void;
  /** Starts a sync; resolves to the line to show. */
  syncNow(profile: string): Promise<string>;
  help(): void;
  quit(): void;
}

export interface PaletteCommand {
  id: string;
  title: string;
  /** The key that does the same outside the palette, when there is one. */
  key?: string;
  /** Runs the action; a returned line is shown as the outcome. */
  run(): void | Promise<string>;
}

interface ConsoleRow {
  id: string;
  title: string;
  key?: string;
  when?: (ctx: PaletteContext) => boolean;
  run: (ctx: PaletteContext) => void | Promise<string>;
}

interface ProfileRow {
  id: string;
  title: (profile: string) => string;
  /** The profile kinds it applies to; all when absent. */
  kinds?: readonly string[];
  method?: string;
  run: (ctx: PaletteContext, profile: string) => void | Promise<string>;
}

const ONPREM = ['exchange-onprem'];
const ONLINE = ['exchange-online'];

export const CONSOLE_ROWS: readonly ConsoleRow[] = [
  { id: 'agent.start', title: 'start agent in the background', key: 's', when: (c) => c.canStartAgent, run: (c) => c.startAgent() },
  { id: 'setup.new', title: 'new integration (setup wizard)', when: (c) => c.connected, run: (c) => c.go({ screen: 'setup' }) },
  { id: 'help', title: 'help: keys of this screen', key: '?', run: (c) => c.help() },
  { id: 'quit', title: 'quit the console', key: 'q', run: (c) => c.quit() },
];

export const PROFILE_ROWS: readonly ProfileRow[] = [
  { id: 'checks.run', title: (p) => `run checks of ${p}`, method: 'checks.run', run: (c, p) => c.go({ screen: 'troubleshoot', profile: p }) },
  {
    id: 'sync.run', title: (p) => `sync now: ${p}`, method: 'sync.run',
    run: (c, p) => {
      c.go({ screen: 'sync', profile: p });
      return c.syncNow(p);
    },
  },
  { id: 'setup.edit', title: (p) => `edit ${p} (setup wizard)`, run: (c, p) => c.go({ screen: 'setup', profile: p }) },
  { id: 'staff', title: (p) => `staff of ${p}`, run: (c, p) => c.go({ screen: 'staff', profile: p }) },
  { id: 'passwords', title: (p) => `staff passwords of ${p} (EX-10)`, kinds: ONPREM, run: (c, p) => c.go({ screen: 'passwords', profile: p }) },
  { id: 'signin', title: (p) => `sign in staff of ${p} (O365-2)`, kinds: ONLINE, run: (c, p) => c.go({ screen: 'signin', profile: p }) },
];

/** The profile the console is about comes first, so its rows lead the list. */
function profilesInOrder(ctx: PaletteContext): PaletteProfile[] {
  const current = ctx.place.profile;
  return [...ctx.profiles].sort((a, b) => Number(b.name === current) - Number(a.name === current));
}

/** Every action the palette offers now, in the order shown before filtering. */
export function paletteCommands(ctx: PaletteContext): PaletteCommand[] {
  const screenKeys: PaletteCommand[] = ctx.screenActions.map((a, i) => ({
    id: `screen.${i}`, title: `${ctx.screenTitle}: ${a.help && a.help !== a.label ? `${a.label} — ${a.help}` : a.label}`, key: displayKeys(a, 1), run: () => a.run(),
  }));
  const screens: PaletteCommand[] = SCREENS.map((s) => ({ id: `go.${s.id}`, title: `go to ${s.title}`, key: s.key, run: () => ctx.go({ screen: s.id }) }));
  const consoleRows: PaletteCommand[] = CONSOLE_ROWS.filter((r) => !r.when || r.when(ctx)).map((r) => ({
    id: r.id, title: r.title, ...(r.key ? { key: r.key } : {}), run: () => r.run(ctx),
  }));
  const perProfile: PaletteCommand[] = ctx.connected ? profilesInOrder(ctx).flatMap((p) => PROFILE_ROWS
    .filter((r) => (!r.kinds || r.kinds.includes(p.kind)) && (!r.method || ctx.methods.has(r.method)))
    .map((r) => ({ id: `${r.id}:${p.name}`, title: r.title(p.name), run: () => r.run(ctx, p.name) }))) : [];
  return [...consoleRows.filter((c) => c.id === 'agent.start'), ...perProfile, ...screens, ...screenKeys, ...consoleRows.filter((c) => c.id !== 'agent.start')];
}
