/**
 * The check runner: executes a set of check definitions as a dependency graph with
 * maximum parallelism, a per-check time-out, whole-run cancellation, and progress events
 * for streaming (`run.progress` / `run.finished` in the agent protocol). Scheduling rules
 * live in check-graph.ts; this module owns the timers, the signals and the report.
 */
import { performance } from 'node:perf_hooks';
import type { CheckId } from '../../src/checks/check-ids.js';
import {
  CHECK_REPORT_SCHEMA,
  summarize,
  type CheckReport,
  type CheckResult,
  type CheckTarget,
} from '../../src/checks/check-report.js';
import type { CheckDefinition, CheckOutcome, FinishedDependency } from './check-definition.js';
import { planNext, validateCheckGraph, type NodeState, type PlannedSkip } from './check-graph.js';
import { diagnosisFor } from './check-diagnosis.js';
import { InternalError } from '../../src/errors/operator-error.js';

export type CheckProgressEvent =
  | { readonly type: 'started'; readonly id: CheckId; readonly title: string; readonly atMs: number }
  | { readonly type: 'finished'; readonly result: CheckResult; readonly atMs: number };

export interface RunChecksOptions {
  /** Echoed into the report; describes what was checked. */
  readonly target: CheckTarget;
  /** Per-check time-out (default 10 s). The check's signal aborts with a TimeoutError then. */
  readonly timeoutMs?: number;
  /** How long a check may take to report its own outcome after its signal aborted (default 1 s). */
  readonly graceMs?: number;
  /** Cancels the whole run: running checks abort, pending ones are skipped. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: CheckProgressEvent) => void;
  readonly now?: () => Date;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;
const DEFAULT_GRACE_MS = 1_000;

interface Settled {
  outcome: CheckOutcome;
  durationMs: number;
}

/** Runs the checks and resolves with the full report (never rejects for a failing check). */
export async function runChecks(definitions: readonly CheckDefinition[], options: RunChecksOptions): Promise<CheckReport> {
  validateCheckGraph(definitions);
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const startedAt = now();
  const t0 = performance.now();
  const atMs = (): number => Math.round(performance.now() - t0);
  const emit = (event: CheckProgressEvent): void => {
    try {
      options.onProgress?.(event);
    } catch {
      // A broken subscriber must not break the run; the agent logs its own failures.
    }
  };

  const byId = new Map(definitions.map((d) => [d.id, d]));
  const states = new Map<CheckId, NodeState>(definitions.map((d) => [d.id, { phase: 'pending' }]));
  const results = new Map<CheckId, CheckResult>();
  const artifacts = new Map<CheckId, unknown>();

  const finish = (definition: CheckDefinition, settled: Settled, rootCause?: CheckId): void => {
    const { outcome } = settled;
    const result: CheckResult = {
      id: definition.id,
      title: definition.title,
      status: outcome.status,
      durationMs: Math.round(settled.durationMs),
      summary: outcome.summary,
      details: outcome.details,
      diagnosis: outcome.status === 'warn' || outcome.status === 'fail' ? (outcome.diagnosis ?? diagnosisFor('MB_CHECK_CRASHED')) : null,
    };
    results.set(definition.id, result);
    artifacts.set(definition.id, outcome.artifact);
    states.set(definition.id, { phase: 'done', status: outcome.status, ...(rootCause ? { rootCause } : {}) });
    emit({ type: 'finished', result, atMs: atMs() });
  };

  let onCancel: (() => void) | undefined;
  await new Promise<void>((resolveRun) => {
    let running = 0;
    const schedule = (): void => {
      if (options.signal?.aborted) {
        for (const d of definitions) {
          if (states.get(d.id)?.phase === 'pending') finish(d, { outcome: cancelledOutcome(), durationMs: 0 });
        }
      }
      const plan = planNext(definitions, states);
      // A progress subscriber may cancel the run from inside emit(), which re-enters schedule()
      // and settles checks this plan still lists: act only on checks that are still pending.
      const stillPending = (id: CheckId): boolean => states.get(id)?.phase === 'pending';
      for (const skip of plan.skip) {
        if (stillPending(skip.id)) finish(byId.get(skip.id)!, { outcome: blockedOutcome(skip, results), durationMs: 0 }, skip.rootCause);
      }
      for (const id of plan.start) {
        if (!stillPending(id)) continue;
        const definition = byId.get(id)!;
        states.set(id, { phase: 'running' });
        running += 1;
        emit({ type: 'started', id, title: definition.title, atMs: atMs() });
        void runOne(definition).then((settled) => {
          running -= 1;
          finish(definition, settled);
          schedule();
        });
      }
      if (running === 0) resolveRun();
    };

    const runOne = async (definition: CheckDefinition): Promise<Settled> => {
      if (options.signal?.aborted) return { outcome: cancelledOutcome(), durationMs: 0 };
      const controller = new AbortController();
      const started = performance.now();
      const onRunAbort = (): void => controller.abort(new DOMException('check run cancelled', 'AbortError'));
      options.signal?.addEventListener('abort', onRunAbort, { once: true });
      const timer = setTimeout(
        () => controller.abort(new DOMException(`no result within ${timeoutMs} ms`, 'TimeoutError')),
        timeoutMs,
      );
      let hardTimer: NodeJS.Timeout | undefined;
      // The hard deadline: a check that ignores its signal still ends `graceMs` after the abort.
      const deadline = new Promise<'deadline'>((resolve) => {
        controller.signal.addEventListener('abort', () => {
          hardTimer = setTimeout(() => resolve('deadline'), graceMs);
        }, { once: true });
      });
      const ctx = {
        timeoutMs,
        now,
        dependency: (dep: CheckId): FinishedDependency => {
          if (!definition.dependsOn.includes(dep)) throw new InternalError(`${definition.id} read ${dep}, which it does not depend on`);
          return { id: dep, status: results.get(dep)!.status, artifact: artifacts.get(dep) };
        },
      };
      try {
        const winner = await Promise.race([definition.run(ctx, controller.signal), deadline]);
        if (options.signal?.aborted) return { outcome: cancelledOutcome(), durationMs: performance.now() - started };
        if (winner === 'deadline') return { outcome: timedOutOutcome(timeoutMs), durationMs: performance.now() - started };
        return { outcome: winner, durationMs: performance.now() - started };
      } catch (error) {
        const durationMs = performance.now() - started;
        if (options.signal?.aborted) return { outcome: cancelledOutcome(), durationMs };
        if (controller.signal.aborted) return { outcome: timedOutOutcome(timeoutMs), durationMs };
        return { outcome: crashedOutcome(error), durationMs };
      } finally {
        clearTimeout(timer);
        if (hardTimer) clearTimeout(hardTimer);
        options.signal?.removeEventListener('abort', onRunAbort);
      }
    };

    onCancel = (): void => schedule();
    options.signal?.addEventListener('abort', onCancel, { once: true });
    schedule();
  });
  if (onCancel) options.signal?.removeEventListener('abort', onCancel);

  const checks = definitions.map((d) => results.get(d.id)!);
  return {
    schema: CHECK_REPORT_SCHEMA,
    target: options.target,
    startedAt: startedAt.toISOString(),
    durationMs: atMs(),
    summary: summarize(checks),
    checks,
  };
}

function blockedOutcome(skip: PlannedSkip, results: ReadonlyMap<CheckId, CheckResult>): CheckOutcome {
  const blocker = results.get(skip.blockedBy);
  const because = skip.rootCause === skip.blockedBy
    ? `${skip.blockedBy} ${blocker?.status === 'fail' ? 'failed' : 'was skipped'}`
    : `${skip.rootCause} failed (via ${skip.blockedBy})`;
  return {
    status: 'skip',
    summary: `not run: ${because}`,
    details: { blockedBy: skip.blockedBy, rootCause: skip.rootCause },
  };
}

function cancelledOutcome(): CheckOutcome {
  return { status: 'skip', summary: 'not run: the check run was cancelled', details: { cancelled: true } };
}

function timedOutOutcome(timeoutMs: number): CheckOutcome {
  return {
    status: 'fail',
    summary: `no result within ${timeoutMs} ms`,
    details: { timeoutMs },
    diagnosis: diagnosisFor('MB_CHECK_TIMEOUT'),
  };
}

function crashedOutcome(error: unknown): CheckOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: 'fail',
    summary: 'the check stopped on an internal error',
    details: { error: message },
    diagnosis: diagnosisFor('MB_CHECK_CRASHED'),
  };
}
