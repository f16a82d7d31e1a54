/**
 * Clock skew against the server's `Date` header (diagnostics.md: an Entra token, NTLM and
 * certificate dates all break when the agent's clock is off). More than five minutes warns
 * MB_CLOCK_SKEW; the measured skew is evidence either way.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface ClockSkew {
  readonly serverDate: string;
  /** Agent clock minus server clock, in seconds (positive: the agent runs ahead). */
  readonly skewSeconds: number;
  readonly tooLarge: boolean;
}

/** Undefined when the server sent no (parsable) Date header. `elapsedMs` widens the tolerance by the round trip. */
export function clockSkew(dateHeader: string | null, now: Date, elapsedMs = 0): ClockSkew | undefined {
  if (!dateHeader) return undefined;
  const server = Date.parse(dateHeader);
  if (Number.isNaN(server)) return undefined;
  // Date has one-second resolution and was stamped somewhere inside the round trip.
  const skewMs = now.getTime() - server;
  const slack = 1_000 + elapsedMs;
  const effective = Math.max(0, Math.abs(skewMs) - slack);
  return { serverDate: dateHeader, skewSeconds: Math.round(skewMs / 1000), tooLarge: effective > MAX_CLOCK_SKEW_MS };
}
