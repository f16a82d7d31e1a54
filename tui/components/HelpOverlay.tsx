/**
 * The `?` overlay: every key of the current screen, then the global keys (`:` opens the
 * command palette), from the registry. Borderless, so a screen with a dozen keys still
 * fits a 24-line terminal whole.
 */
import { Box, Text } from 'ink';
import { displayKeys, type KeyAction } from '../keys/key-action.js';
import { fitText, padText } from '../layout/fit-text.js';
import { WrappedLines } from './WrappedLines.js';

export interface HelpOverlayProps {
  title: string;
  screenActions: readonly KeyAction[];
  globalActions: readonly KeyAction[];
  width: number;
  typing: boolean;
}

/** The number keys collapse into one line, so the overlay fits a 24-line terminal. */
function isScreenJump(action: KeyAction): boolean {
  return action.keys.length === 1 && /^[1-9]$/.test(action.keys[0] ?? '');
}

function Rows({ actions, width }: { actions: readonly KeyAction[]; width: number }) {
  return (
    <>
      {actions.map((a, i) => (
        <Text key={i}>{fitText(`  ${padText(displayKeys(a, 4), 14)} ${a.help ?? a.label}`, width)}</Text>
      ))}
    </>
  );
}

export function HelpOverlay({ title, screenActions, globalActions, width, typing }: HelpOverlayProps) {
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold inverse>{fitText(`Keys — ${title}`, width - 2)}</Text>
      <Rows actions={screenActions} width={width - 2} />
      <Text bold>Everywhere</Text>
      <Rows actions={globalActions.filter((a) => !isScreenJump(a))} width={width - 2} />
      <WrappedLines width={width - 2} maxLines={2} text={`  1-6 go to: ${globalActions.filter(isScreenJump).map((a) => `${a.keys[0]} ${a.label}`).join(' · ')}`} />
      {typing ? <Text>{fitText('While typing in a field, letters go to the field: press esc first.', width - 2)}</Text> : null}
      <Text>esc or ? closes this help</Text>
    </Box>
  );
}
