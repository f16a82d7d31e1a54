// The check runner (#4): parallelism, per-check time-out, cancellation and progress events,
// with small in-test checks whose timing the test controls (the runner itself is real).
import { describe, expect, it } from 'vitest';
import { runChecks, type CheckProgressEvent } from '../../agent/checks/runner.js';
import type { CheckDefinition, CheckOutcome } from '../../agent/checks/check-definition.js';
import { diagnosisFor } from '../../agent/checks/check-diagnosis.js';
import { checkReportSchema } from '../../src/checks/check-report.js';
import type { CheckId } from '../../src/checks/check-ids.js';

const pass: CheckOutcome = { status: 'pass', summary: 'ok', details: {} };

/** A check that settles when the test calls `release`, recording that it started. */
function gated(id: CheckId, dependsOn: CheckId[] = [], outcome: CheckOutcome = pass) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const definition: CheckDefinition = {
    id,
    title: id,
    dependsOn,
    run: async () => {
      await gate;
      return outcome;
    },
  };
  return { definition, release: () => release() };
}

function immediate(id: CheckId, dependsOn: CheckId[] = [], outcome: CheckOutcome = pass): CheckDefinition {
  return { id, title: id, dependsOn, run: () => Promise.resolve(outcome) };
}

/** Never settles on its own; returns its own outcome once its signal aborts. */
function hangsUntilAborted(id: CheckId, dependsOn: CheckId[] = []): CheckDefinition {
  return {
    id,
    title: id,
    dependsOn,
    run: (_ctx, signal) =>
      new Promise((resolve) => {
        signal.addEventListener('abort', () => resolve({ status: 'fail', summary: 'gave up', details: {}, diagnosis: diagnosisFor('ERR_TLS_HANDSHAKE_TIMEOUT') }));
      }),
  };
}

const target = { server: 'localhost' };

describe('runChecks', () => {
  it('runs independent checks in parallel: all three start before any finishes', async () => {
    const a = gated('tcp.80', ['dns.resolve']);
    const b = gated('tcp.443', ['dns.resolve']);
    const c = gated('tcp.2610', ['dns.resolve']);
    const events: CheckProgressEvent[] = [];
    const run = runChecks([immediate('dns.resolve'), a.definition, b.definition, c.definition], {
      target,
      onProgress: (e) => {
        events.push(e);
        if (events.filter((x) => x.type === 'started').length === 4) {
          a.release();
          b.release();
          c.release();
        }
      },
    });
    const report = await run;
    const order = events.map((e) => `${e.type}:${e.type === 'started' ? e.id : e.result.id}`);
    expect(order.slice(0, 5)).toEqual(['started:dns.resolve', 'finished:dns.resolve', 'started:tcp.80', 'started:tcp.443', 'started:tcp.2610']);
    expect(report.summary).toEqual({ pass: 4, warn: 0, fail: 0, skip: 0 });
    expect(checkReportSchema.safeParse(report).success).toBe(true);
  });

  it('skips dependants of a failure and names the check that blocked them', async () => {
    const failed: CheckOutcome = { status: 'fail', summary: 'refused', details: {}, diagnosis: diagnosisFor('ECONNREFUSED') };
    const report = await runChecks(
      [immediate('dns.resolve'), immediate('tcp.443', ['dns.resolve'], failed), immediate('tls.handshake', ['tcp.443']), immediate('tls.trust', ['tls.handshake'])],
      { target },
    );
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId['tls.handshake']).toMatchObject({ status: 'skip', summary: 'not run: tcp.443 failed', details: { blockedBy: 'tcp.443', rootCause: 'tcp.443' }, diagnosis: null });
    expect(byId['tls.trust']).toMatchObject({ status: 'skip', details: { blockedBy: 'tls.handshake', rootCause: 'tcp.443' } });
    expect(byId['tcp.443']?.diagnosis?.code).toBe('ECONNREFUSED');
    expect(checkReportSchema.parse(report).summary).toEqual({ pass: 1, warn: 0, fail: 1, skip: 2 });
  });

  it('bounds a hanging check by the time-out while an independent chain runs to the end', async () => {
    const events: CheckProgressEvent[] = [];
    const report = await runChecks(
      [
        immediate('dns.resolve'),
        hangsUntilAborted('tls.handshake', ['dns.resolve']),
        immediate('tcp.80', ['dns.resolve']),
        immediate('http.redirect', ['tcp.80']),
      ],
      { target, timeoutMs: 200, onProgress: (e) => events.push(e) },
    );
    const finishedOrder = events.flatMap((e) => (e.type === 'finished' ? [e.result.id] : []));
    expect(finishedOrder.indexOf('http.redirect')).toBeLessThan(finishedOrder.indexOf('tls.handshake'));
    const tlsResult = report.checks.find((c) => c.id === 'tls.handshake');
    // The check's own explanation wins when it answers its aborted signal in time.
    expect(tlsResult).toMatchObject({ status: 'fail', diagnosis: { code: 'ERR_TLS_HANDSHAKE_TIMEOUT' } });
  });

  it('fails a check that ignores its signal once the grace period is over', async () => {
    const stuck: CheckDefinition = { id: 'tls.handshake', title: 'stuck', dependsOn: [], run: () => new Promise(() => undefined) };
    const report = await runChecks([stuck], { target, timeoutMs: 50, graceMs: 50 });
    expect(report.checks[0]).toMatchObject({ status: 'fail', summary: 'no result within 50 ms', diagnosis: { code: 'MB_CHECK_TIMEOUT' } });
  });

  it('reports a throwing check as a crash, not as the run failing', async () => {
    const broken: CheckDefinition = { id: 'dns.resolve', title: 'broken', dependsOn: [], run: () => Promise.reject(new TypeError('boom')) };
    const report = await runChecks([broken, immediate('tcp.443', ['dns.resolve'])], { target });
    expect(report.checks.map((c) => c.status)).toEqual(['fail', 'skip']);
    expect(report.checks[0]).toMatchObject({ diagnosis: { code: 'MB_CHECK_CRASHED' }, details: { error: 'boom' } });
  });

  it('cancels: running checks end, pending ones are skipped as cancelled', async () => {
    const controller = new AbortController();
    const report = await runChecks([hangsUntilAborted('dns.resolve'), immediate('tcp.443', ['dns.resolve'])], {
      target,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'started') setTimeout(() => controller.abort(), 20);
      },
    });
    expect(report.checks.map((c) => [c.id, c.status, c.summary])).toEqual([
      ['dns.resolve', 'skip', 'not run: the check run was cancelled'],
      ['tcp.443', 'skip', 'not run: the check run was cancelled'],
    ]);
    expect(checkReportSchema.safeParse(report).success).toBe(true);
  });

  it('lets a check read only the dependencies it declared', async () => {
    const nosy: CheckDefinition = {
      id: 'tls.trust',
      title: 'nosy',
      dependsOn: ['dns.resolve'],
      run: (ctx) => {
        ctx.dependency('tls.handshake');
        return Promise.resolve(pass);
      },
    };
    const report = await runChecks([immediate('dns.resolve'), immediate('tls.handshake'), nosy], { target });
    expect(report.checks[2]).toMatchObject({ status: 'fail', diagnosis: { code: 'MB_CHECK_CRASHED' } });
  });
});

describe('runChecks re-entrancy', () => {
  it('a subscriber that cancels inside a started event gets exactly one finished event per check', async () => {
    const controller = new AbortController();
    const finished: string[] = [];
    const report = await runChecks(
      [immediate('dns.resolve'), immediate('tcp.80', ['dns.resolve']), immediate('tcp.443', ['dns.resolve']), immediate('tcp.2610', ['dns.resolve'])],
      {
        target,
        signal: controller.signal,
        onProgress: (e) => {
          if (e.type === 'started' && e.id === 'tcp.80') controller.abort();
          if (e.type === 'finished') finished.push(e.result.id);
        },
      },
    );
    expect([...finished].sort()).toEqual(['dns.resolve', 'tcp.2610', 'tcp.443', 'tcp.80']);
    expect(report.checks.slice(1).every((c) => c.status === 'skip')).toBe(true);
  });
});
