/** The `:` palette: the typed filter, the matching console actions (selected one marked, key beside it), and how to run or close. */
import { Box, Text } from 'ink';
import { fitText, padText } from '../layout/fit-text.js';
import type { PaletteCommand } from '../palette/palette-commands.js';
import { toneColour } from '../theme.js';

export interface CommandPaletteProps {
  query: string;
  matches: readonly PaletteCommand[];
  selected: number;
  width: number;
  height: number;
}

export function CommandPalette({ query, matches, selected, width, height }: CommandPaletteProps) {
  const inner = width - 4;
  const rows = Math.max(1, height - 5);
  const first = Math.max(0, Math.min(selected - rows + 1, matches.length - rows));
  const shown = matches.slice(first, first + rows);
  const more = matches.length - first - shown.length;
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Text bold>{fitText(`:${query}▏`, inner)}</Text>
      {matches.length === 0 ? <Text color={toneColour('muted')}>{fitText(`no action matches "${query}" · bksp deletes`, inner)}</Text> : null}
      {shown.map((c, i) => (
        <Text key={c.id} inverse={first + i === selected}>
          {`${first + i === selected ? '›' : ' '} ${padText(c.title, inner - 9)} ${padText(c.key ?? '', 6)}`}
        </Text>
      ))}
      <Text color={toneColour('muted')}>{fitText(`${more > 0 ? `${more} more · ` : ''}type to filter · enter runs · esc closes`, inner)}</Text>
    </Box>
  );
}
