/**
 * O365-3: the selected mail folders drawn as a tree, one level of indent per path segment,
 * with anything deeper than the 5 levels Graph sync reads marked ✗.
 */
import { Text } from 'ink';
import { fitText } from '../../layout/fit-text.js';
import { toneColour } from '../../theme.js';

export const MAX_FOLDER_LEVELS = 5;

/** Tree lines for `/`-separated paths, shared prefixes drawn once. Pure. */
export function folderTreeLines(paths: readonly string[]): Array<{ text: string; tooDeep: boolean }> {
  const seen = new Set<string>();
  const lines: Array<{ text: string; tooDeep: boolean }> = [];
  for (const folder of paths) {
    const segments = folder.split('/').map((s) => s.trim()).filter(Boolean);
    segments.forEach((segment, depth) => {
      const key = segments.slice(0, depth + 1).join('/');
      if (seen.has(key)) return;
      seen.add(key);
      const tooDeep = depth + 1 > MAX_FOLDER_LEVELS;
      lines.push({ text: `${depth === 0 ? '' : `${'  '.repeat(depth)}└ `}${segment}${tooDeep ? ` ✗ level ${depth + 1} > ${MAX_FOLDER_LEVELS}` : ''}`, tooDeep });
    });
  }
  return lines;
}

export function FolderTree({ value, width, maxLines }: { value: string; width: number; maxLines: number }) {
  const lines = folderTreeLines(value.split(/[;,\n]/).map((s) => s.trim()).filter(Boolean));
  const shown = lines.length > maxLines ? [...lines.slice(0, maxLines - 1), { text: `… ${lines.length - maxLines + 1} more`, tooDeep: false }] : lines;
  return (
    <>
      {shown.map((l, i) => <Text key={i} color={toneColour(l.tooDeep ? 'error' : 'accent')}>{fitText(`    ${l.text}`, width)}</Text>)}
    </>
  );
}
