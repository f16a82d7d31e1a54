/**
 * Exit codes: a public contract (architecture.md, "Contracts"). Scripts and
 * monitoring branch on these numbers, so they change only with a version bump.
 */
export const ExitCode = {
  /** Nothing failed (warnings allowed unless --strict). */
  Ok: 0,
  /** Something failed, or nothing matched (diagnose), or no agent answers. */
  Failed: 1,
  /** Usage error or invalid input. */
  Usage: 2,
  /** Internal error: a bug in mailbridge. */
  Internal: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
