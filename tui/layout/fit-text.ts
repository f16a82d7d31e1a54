/**
 * Cutting text to a column width with an ellipsis, so nothing wraps and shifts the
 * layout at 80 columns. Widths count code points; the console uses no wide glyphs.
 */
export function fitText(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length <= width) return text;
  return width === 1 ? '…' : `${chars.slice(0, width - 1).join('')}…`;
}

export function padText(text: string, width: number): string {
  const fitted = fitText(text, width);
  return fitted + ' '.repeat(Math.max(0, width - [...fitted].length));
}
