/**
 * Scheduling rules as pure functions (EX-7, EX-9): the delay until a profile's next run
 * (its interval, never under 10 minutes, plus up to 10 % jitter so profiles and agents do
 * not all poll at the same instant), and what to do with a profile saved while one of its
 * runs is going (queue it; a change to a resync field means the next run is a full one).
 */
export const MIN_INTERVAL_MINUTES = 10;
export const JITTER_SHARE = 0.1;

/** Milliseconds until the next run; `random` in [0, 1). */
export function nextRunDelayMs(intervalMinutes: number, random: number): number {
  const base = Math.max(MIN_INTERVAL_MINUTES, Number.isFinite(intervalMinutes) ? intervalMinutes : MIN_INTERVAL_MINUTES) * 60_000;
  return Math.round(base * (1 + JITTER_SHARE * Math.min(Math.max(random, 0), 0.999_999)));
}

export interface PendingSave<P> {
  profile: P;
  fullResync: boolean;
}

/** Merges a save into what is already queued for a running profile: the latest profile wins, a full resync stays requested. */
export function queueSave<P>(queued: PendingSave<P> | undefined, profile: P, resyncFields: readonly string[]): PendingSave<P> {
  return { profile, fullResync: (queued?.fullResync ?? false) || resyncFields.length > 0 };
}
