/** Text wrapped to a width and cut to a number of lines, so a long cause or fix never pushes the footer off a 24-line screen. */
import { Text } from 'ink';

export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = '';
      }
      let rest = word;
      while (rest.length > width) {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
      line = line ? `${line} ${rest}` : rest;
    }
    lines.push(line);
  }
  return lines;
}

export function WrappedLines({ text, width, maxLines, prefix = '', color }: { text: string; width: number; maxLines: number; prefix?: string; color?: string | undefined }) {
  const lines = wrapText(text, Math.max(10, width - prefix.length));
  const shown = lines.length > maxLines ? [...lines.slice(0, Math.max(0, maxLines - 1)), `${(lines[maxLines - 1] ?? '').slice(0, Math.max(0, width - prefix.length - 1))}…`] : lines;
  return (
    <>
      {shown.map((line, i) => (
        <Text key={i} color={color}>{`${i === 0 ? prefix : ' '.repeat(prefix.length)}${line}`}</Text>
      ))}
    </>
  );
}
