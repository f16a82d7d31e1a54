/**
 * What a check is: an id from the contract, a title, the checks it needs first, and a
 * `run` that observes one thing and returns an outcome with evidence. The runner owns
 * ordering, time-outs and cancellation; a check only owns its observation.
 */
import type { CheckDiagnosis, CheckStatus } from '../../src/checks/check-report.js';
import type { CheckId } from '../../src/checks/check-ids.js';

/** What a finished check handed on: its outcome plus an in-process artifact for dependants. */
export interface FinishedDependency {
  readonly id: CheckId;
  readonly status: CheckStatus;
  readonly artifact: unknown;
}

export interface CheckContext {
  /** The result of a dependency (always finished with pass or warn when `run` is called). */
  dependency(id: CheckId): FinishedDependency;
  /** The per-check time-out in milliseconds, so a check can size its own socket timers below it. */
  readonly timeoutMs: number;
  /** Wall clock, injectable so certificate-date checks are testable. */
  now(): Date;
}

/** A check's own verdict. `skip` is for "does not apply here" (e.g. no profile); the runner adds the blocking skips. */
export interface CheckOutcome {
  status: CheckStatus;
  /** One line, readable in 80 columns after the check title. */
  summary: string;
  /** Evidence: addresses, certificate fields, protocol, HTTP status — never secrets. */
  details: Record<string, unknown>;
  /** Required on warn and fail: what the knowledge base says about the canonical code. */
  diagnosis?: CheckDiagnosis;
  /** Passed to dependants in-process (e.g. the captured certificate chain); never reported. */
  artifact?: unknown;
}

export interface CheckDefinition {
  readonly id: CheckId;
  readonly title: string;
  readonly dependsOn: readonly CheckId[];
  /** Must settle soon after `signal` aborts (the time-out or a cancelled run). */
  run(ctx: CheckContext, signal: AbortSignal): Promise<CheckOutcome>;
}
