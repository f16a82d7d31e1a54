/** The top line: product name and the numbered screens, the current one in brackets. */
import { Box, Text } from 'ink';
import { SCREENS, SUB_SCREENS, type ScreenId } from '../screens/screen-table.js';
import { fitText } from '../layout/fit-text.js';
import { toneColour } from '../theme.js';

export function Header({ current, width }: { current: ScreenId; width: number }) {
  // A sub-screen keeps its parent's tab marked.
  const marked = SUB_SCREENS.find((s) => s.id === current)?.parent ?? current;
  const label = (short: boolean): string =>
    SCREENS.map((s) => {
      const name = `${s.key} ${short ? s.short : s.title}`;
      return s.id === marked ? `[${name}]` : ` ${name} `;
    }).join('');
  const full = `mailbridge ${label(false)}`;
  const text = [...full].length <= width ? full : `mailbridge ${label(true)}`;
  return (
    <Box>
      <Text color={toneColour('accent')} bold>{fitText(text, width)}</Text>
    </Box>
  );
}
