/**
 * EX-14 window math, pure: the past-days window, the recurring-expansion window, the
 * tracking window Graph freezes into a calendarView delta token, and when a frozen window
 * has rolled far enough that the token must be restarted. (A CalendarView window is split
 * by the EWS connector itself when the server cannot answer it whole, ews-calendar-view.ts.)
 * Days are UTC days: the agent never uses the host's time zone for calendar math.
 */
import type { TimeWindow } from '../connectors/connector.js';

const DAY_MS = 86_400_000;
/** Singles in the future are imported however far ahead; Graph needs some end: a year. */
export const TRACKING_DAYS_AHEAD = 365;

export interface WindowSettings {
  pastDays: number;
  recurringDaysAhead: number;
}

function startOfUtcDay(now: Date): number {
  return Math.floor(now.getTime() / DAY_MS) * DAY_MS;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** From `pastDays` days before today 00:00 UTC up to `daysAhead` whole days after today. */
function windowFrom(now: Date, pastDays: number, daysAhead: number): TimeWindow {
  const day = startOfUtcDay(now);
  return { start: iso(day - pastDays * DAY_MS), end: iso(day + (daysAhead + 1) * DAY_MS) };
}

/** Where recurring series are expanded into occurrences (EX-14). */
export function expansionWindow(now: Date, settings: WindowSettings): TimeWindow {
  return windowFrom(now, settings.pastDays, settings.recurringDaysAhead);
}

/** The window change tracking covers (the calendarView delta window on Graph). */
export function trackingWindow(now: Date, settings: WindowSettings): TimeWindow {
  return windowFrom(now, settings.pastDays, TRACKING_DAYS_AHEAD);
}

/** Whether an appointment [start, end) touches the window (all-day items are dates, compared as instants at UTC midnight). */
export function overlapsWindow(item: { start: string; end: string }, window: TimeWindow): boolean {
  const s = Date.parse(item.start);
  const e = Math.max(Date.parse(item.end), s);
  const ws = Date.parse(window.start);
  const we = Date.parse(window.end);
  return s < we && (e > ws || (e === s && s >= ws));
}

/** Whether a stored window differs from the current one (the day rolled or the settings changed). */
export function windowChanged(stored: TimeWindow | null | undefined, current: TimeWindow): boolean {
  return !stored || stored.start !== current.start || stored.end !== current.end;
}
