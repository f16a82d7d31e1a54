/**
 * The console's table: header, one line per row, the selected row marked with `›` (not
 * only highlighted), columns laid out by priority for the width, rows scrolled to keep
 * the selection in view within `height` lines.
 */
import { Box, Text } from 'ink';
import { padText } from '../layout/fit-text.js';
import { layoutColumns, type ColumnSpec } from '../layout/table-layout.js';
import { toneColour } from '../theme.js';

export interface DataTableProps {
  columns: readonly ColumnSpec[];
  rows: ReadonlyArray<Record<string, string>>;
  selected: number;
  width: number;
  /** Lines available for the rows (the header takes one more). */
  height: number;
  empty?: string;
}

export function DataTable({ columns, rows, selected, width, height, empty = 'nothing to show' }: DataTableProps) {
  const laid = layoutColumns(columns, width);
  const visible = Math.max(1, height);
  const first = Math.min(Math.max(0, selected - visible + 1), Math.max(0, rows.length - visible));
  const line = (cells: (key: string) => string): string => laid.map((c) => padText(cells(c.key), c.width)).join(' ');
  return (
    <Box flexDirection="column">
      <Text bold>{`  ${line((k) => laid.find((c) => c.key === k)?.header ?? k)}`}</Text>
      {rows.length === 0 ? <Text color={toneColour('muted')}>{`  ${empty}`}</Text> : null}
      {rows.slice(first, first + visible).map((row, i) => {
        const index = first + i;
        const isSelected = index === selected;
        return (
          <Text key={index} inverse={isSelected}>
            {`${isSelected ? '›' : ' '} ${line((k) => row[k] ?? '')}`}
          </Text>
        );
      })}
    </Box>
  );
}
