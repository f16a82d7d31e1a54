/**
 * The agent's check runs: `checks.run` starts one and returns its id at once; progress and
 * the end are published as `run.progress` / `run.finished`; `checks.report` fetches the
 * finished report; `checks.cancel` aborts. The last reports are kept in memory only (a
 * report is evidence for the moment, and the CLI can always run again).
 */
import { randomUUID } from 'node:crypto';
import type { CheckReport } from '../../src/checks/check-report.js';
import type { RunFinished, RunProgress } from '../../src/checks/check-run-schemas.js';
import { reportVerdict } from '../../src/checks/report-verdict.js';
import { OperatorError } from '../../src/errors/operator-error.js';
import type { CheckPlan } from './check-plan.js';
import { runChecks } from './runner.js';

export type CheckRunEvent = { type: 'run.progress'; data: RunProgress } | { type: 'run.finished'; data: RunFinished };

interface RunState {
  readonly controller: AbortController;
  readonly done: Promise<CheckReport>;
  report?: CheckReport;
}

export interface CheckRunsOptions {
  /** Where events go (the agent's event bus). */
  publish: (event: CheckRunEvent) => void;
  /** How many finished runs to keep for `checks.report` (default 20). */
  keep?: number;
}

function unknownRun(runId: string): OperatorError {
  return new OperatorError({
    code: 'MB_RUN_NOT_FOUND', family: 'config', field: 'runId',
    message: `no check run with id ${runId}`,
    cause: 'The run id is unknown: it never existed, or the agent restarted or dropped it to keep only the latest runs.',
    fix: ['Start a new run (`mailbridge check`), and fetch its report with the id it returns.'],
  });
}

export class CheckRuns {
  readonly #runs = new Map<string, RunState>();
  readonly #publish: (event: CheckRunEvent) => void;
  readonly #keep: number;

  constructor(options: CheckRunsOptions) {
    this.#publish = options.publish;
    this.#keep = options.keep ?? 20;
  }

  /** Starts a run and returns its id without waiting for it. */
  start(plan: CheckPlan, options: { timeoutMs?: number } = {}): string {
    const runId = randomUUID();
    const controller = new AbortController();
    const titles = new Map(plan.definitions.map((d) => [d.id, d.title]));
    const done = runChecks(plan.definitions, {
      target: plan.target,
      signal: controller.signal,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      onProgress: (event) => {
        const data: RunProgress = event.type === 'started'
          ? { runId, kind: 'checks', phase: 'started', checkId: event.id, title: event.title, atMs: event.atMs }
          : { runId, kind: 'checks', phase: 'finished', checkId: event.result.id, title: titles.get(event.result.id) ?? event.result.title, atMs: event.atMs, result: event.result };
        this.#publish({ type: 'run.progress', data });
      },
    });
    const state: RunState = { controller, done };
    this.#runs.set(runId, state);
    void done.then((report) => {
      state.report = report;
      this.#publish({ type: 'run.finished', data: { runId, kind: 'checks', verdict: reportVerdict(report).line, summary: report.summary, durationMs: report.durationMs } });
      this.#prune();
    });
    return runId;
  }

  /** The finished report, waiting for the run when it is still going. */
  async report(runId: string): Promise<CheckReport> {
    const state = this.#runs.get(runId);
    if (!state) throw unknownRun(runId);
    return state.report ?? state.done;
  }

  /** Aborts a running run (its pending checks are skipped as cancelled); false when it already ended. */
  cancel(runId: string): boolean {
    const state = this.#runs.get(runId);
    if (!state) throw unknownRun(runId);
    if (state.report) return false;
    state.controller.abort();
    return true;
  }

  /** Cancels everything (agent shutdown) and waits for the runs to end. */
  async close(): Promise<void> {
    for (const state of this.#runs.values()) state.controller.abort();
    await Promise.all([...this.#runs.values()].map((s) => s.done));
  }

  #prune(): void {
    const finished = [...this.#runs.entries()].filter(([, s]) => s.report);
    for (const [id] of finished.slice(0, Math.max(0, finished.length - this.#keep))) this.#runs.delete(id);
  }
}
