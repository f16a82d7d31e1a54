// The agent's check runs (#4): a run id at once, run.progress per check start/finish,
// run.finished last, the report by id, cancellation. Events validate against the wire
// schemas in src/checks/check-run-schemas.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { checkPlan } from '../../agent/checks/check-plan.js';
import { CheckRuns, type CheckRunEvent } from '../../agent/checks/check-runs.js';
import { checkReportSchema } from '../../src/checks/check-report.js';
import { checksRunParamsSchema, runFinishedSchema, runProgressSchema } from '../../src/checks/check-run-schemas.js';
import { OperatorError } from '../../src/errors/operator-error.js';
import { closedPort, startSilentListener, type RunningServer } from './kit/loopback-servers.js';

let servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe('CheckRuns', () => {
  it('streams progress for every check, then run.finished; the report is fetched by id', async () => {
    const events: CheckRunEvent[] = [];
    const runs = new CheckRuns({ publish: (e) => events.push(e) });
    const plan = checkPlan({ server: 'localhost', httpsPort: await closedPort(), timeoutMs: 2_000 });
    const runId = runs.start(plan);
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    const report = checkReportSchema.parse(await runs.report(runId));

    const progress = events.filter((e) => e.type === 'run.progress').map((e) => runProgressSchema.parse(e.data));
    const finished = events.filter((e) => e.type === 'run.finished').map((e) => runFinishedSchema.parse(e.data));
    expect(events.at(-1)?.type).toBe('run.finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ runId, kind: 'checks', summary: report.summary });
    expect(finished[0]?.verdict).toMatch(/^NOT working: /);
    // Every check finishes exactly once; skipped checks finish without starting.
    expect(progress.filter((p) => p.phase === 'finished').map((p) => p.checkId).sort()).toEqual(report.checks.map((c) => c.id).sort());
    expect(progress.every((p) => p.runId === runId)).toBe(true);
    await runs.close();
  });

  it('cancel: running checks end, the rest are skipped as cancelled', async () => {
    const silent = await startSilentListener();
    servers.push(silent);
    const runs = new CheckRuns({ publish: () => undefined });
    const runId = runs.start(checkPlan({ server: 'localhost', httpsPort: silent.port, timeoutMs: 60_000 }), { timeoutMs: 60_000 });
    // Let the run reach the hanging TLS handshake, then cancel it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs.cancel(runId)).toBe(true);
    const report = await runs.report(runId);
    expect(report.checks.find((c) => c.id === 'tls.handshake')).toMatchObject({ status: 'skip', summary: 'not run: the check run was cancelled' });
    expect(runs.cancel(runId)).toBe(false);
  });

  it('an unknown run id is an operator error', async () => {
    const runs = new CheckRuns({ publish: () => undefined });
    await expect(runs.report('nope')).rejects.toBeInstanceOf(OperatorError);
    expect(() => runs.cancel('nope')).toThrow(/no check run with id nope/);
  });

  it('checks.run params refuse a profile and a server together', () => {
    expect(checksRunParamsSchema.safeParse({ profile: 'a', server: 'b' }).success).toBe(false);
    expect(checksRunParamsSchema.safeParse({ server: 'mail.example.test', ports: [80, 443] }).success).toBe(true);
  });
});
