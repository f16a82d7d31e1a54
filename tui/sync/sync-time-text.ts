/**
 * How the console writes sync times and results in narrow cells: a mark for the result
 * (✓ ok, ✗ failed, … running) and the local date and time to the minute, so a column of
 * 17 characters at 80 columns still says when and how the last attempt went (EX-15). Pure.
 */
const RESULT_MARKS: Record<string, string> = { ok: '✓', failed: '✗', partial: '⚠', running: '…' };

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** `11-23 12:40` in local time; `–` for no time. */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '–';
  return `${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** `2026-11-23 12:40:05` in local time, for detail views. */
export function longTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '–';
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

export function resultMark(result: string | null | undefined): string {
  return result ? (RESULT_MARKS[result] ?? '?') : '–';
}

/** A table cell: `✓ 11-23 12:40`, or `– none yet` when nothing was attempted. */
export function attemptCell(at: string | null | undefined, result: string | null | undefined): string {
  return at ? `${resultMark(result)} ${shortTime(at)}` : '– none yet';
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** `12:40` today, `11-22` another day (local time): fits the dashboard's 9-wide columns with a mark. */
export function compactTime(iso: string, now: Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '–';
  return sameDay(d, now) ? `${two(d.getHours())}:${two(d.getMinutes())}` : `${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}
