/**
 * Scrolling the log pane, pure. The view is either following (the newest lines, moving as
 * lines arrive) or anchored at the cursor of its bottom line — anchored by cursor, not by
 * position, so lines arriving while paused do not move what the operator is reading.
 */
export interface CursorLine {
  cursor: number;
}

/** `undefined` = following the end. */
export type LogAnchor = number | undefined;

/** Index just past the bottom line shown. */
export function windowEnd(lines: readonly CursorLine[], anchor: LogAnchor): number {
  if (anchor === undefined) return lines.length;
  let end = 0;
  while (end < lines.length && lines[end]!.cursor <= anchor) end += 1;
  return end;
}

/** The lines in view: `rows` of them ending at the anchor (or the end). */
export function visibleLines<T extends CursorLine>(lines: readonly T[], anchor: LogAnchor, rows: number): T[] {
  const end = windowEnd(lines, anchor);
  return lines.slice(Math.max(0, end - rows), end);
}

/**
 * Moves the view by `delta` lines (negative = back in time); always ends anchored (paused).
 * The top stops at a full first page, so scrolling up never leaves rows empty.
 */
export function scrollLog(lines: readonly CursorLine[], anchor: LogAnchor, rows: number, delta: number): LogAnchor {
  if (lines.length === 0) return anchor;
  const firstPageEnd = Math.min(rows, lines.length);
  const next = Math.min(lines.length, Math.max(firstPageEnd, windowEnd(lines, anchor) + delta));
  return lines[next - 1]!.cursor;
}

/** How many lines arrived below the view while it was anchored. */
export function linesBelow(lines: readonly CursorLine[], anchor: LogAnchor): number {
  if (anchor === undefined) return 0;
  return lines.length - windowEnd(lines, anchor);
}
