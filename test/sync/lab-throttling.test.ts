// Throttling against the lab (#7, sync-semantics §5.5): with the server's budget made tiny,
// a whole sync still completes; every throttled request (EWS ErrorServerBusy with
// BackOffMilliseconds, Graph 429 with Retry-After) is retried, and no request for that
// mailbox is sent before the server's delay has passed.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Connector } from '../../agent/connectors/connector.js';
import { isThrottled } from '../../agent/connectors/connector-errors.js';
import { ThrottleGate } from '../../agent/sync/throttle-gate.js';
import { setEwsThrottlingPolicy } from '../../fixtures/lab/ews/lab-adapter.js';
import { graphSurface } from '../../fixtures/lab/graph/graph-handler.js';
import { startConnectorLab, type ConnectorLab } from '../connectors/connector-lab.js';
import { labProfile, labSync, type Protocol } from './lab-sync-kit.js';

let env: ConnectorLab;

beforeAll(async () => {
  env = await startConnectorLab({ items: 20, mailboxes: 2 });
}, 60_000);

afterAll(async () => {
  await env?.stop();
});

interface CallRecord { at: number; end: number; throttledFor?: number }

/** Records when each connector call started and ended, and the delay a throttled answer asked for. */
function recordCalls(connector: Connector): CallRecord[] {
  const calls: CallRecord[] = [];
  const methods = ['trackChanges', 'getItem', 'getItems', 'calendarView', 'createItem', 'updateItem', 'deleteItem', 'findByLocalId', 'getMessage', 'listFolders', 'resolveFolderPath'] as const;
  for (const name of methods) {
    const original = (connector[name] as (...args: unknown[]) => Promise<unknown>).bind(connector);
    (connector as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      const record: CallRecord = { at: Date.now(), end: 0 };
      calls.push(record);
      try {
        return await original(...args);
      } catch (error) {
        if (isThrottled(error)) record.throttledFor = error.retryAfterMs;
        throw error;
      } finally {
        record.end = Date.now();
      }
    };
  }
  return calls;
}

// Budgets below what the mailbox's sync needs, so it is throttled: Graph's delta pages carry the items, so its sync takes only a handful of requests.
const LIMIT: Record<Protocol, () => void> = {
  ews: () => setEwsThrottlingPolicy(env.lab.context, { budget: 6, windowMs: 1_200 }),
  graph: () => graphSurface(env.lab.context).throttle.setLimits({ budget: 3, windowMs: 1_500 }),
};
const UNLIMIT: Record<Protocol, () => void> = {
  ews: () => setEwsThrottlingPolicy(env.lab.context, { budget: 1_000_000, windowMs: 60_000 }),
  graph: () => graphSurface(env.lab.context).throttle.setLimits({ budget: 10_000, windowMs: 600_000 }),
};

describe.each(['ews', 'graph'] as const)('throttling (%s)', (protocol) => {
  test('a sync under a tiny budget completes, retrying each throttled call no earlier than asked', async () => {
    const mailbox = env.lab.document.mailboxes[protocol === 'ews' ? 0 : 1] as string;
    const s = await labSync(env, labProfile(env, protocol, [mailbox]));
    const calls = recordCalls(s.connector);
    // When the engine heard "throttled" and how long it was asked to wait.
    const pauses: Array<{ at: number; waitMs: number }> = [];
    const gate = new ThrottleGate({ onThrottled: (_key, waitMs) => pauses.push({ at: Date.now(), waitMs }) });
    LIMIT[protocol]();
    try {
      const summary = await s.kit.sync({ gate });
      expect(summary.errors).toEqual([]);
      expect(summary.imported).toBeGreaterThan(0);
    } finally {
      UNLIMIT[protocol]();
      await s.close();
    }
    const throttled = calls.filter((c) => c.throttledFor !== undefined);
    expect(throttled.length).toBeGreaterThan(0);
    expect(pauses).toHaveLength(throttled.length);
    // Each pause is exactly the delay one throttled answer asked for (no jitter in this gate).
    expect(pauses.map((p) => p.waitMs).sort((a, b) => a - b)).toEqual(throttled.map((c) => c.throttledFor as number).sort((a, b) => a - b));
    // No request for the mailbox starts while a pause the server asked for is running.
    for (const pause of pauses) {
      const early = calls.filter((c) => c.at >= pause.at && c.at < pause.at + pause.waitMs);
      expect(early).toEqual([]);
    }
    // And every throttled request was sent again (the sync finished without errors above).
    expect(calls.filter((c) => c.at >= (pauses.at(-1)?.at ?? 0)).length).toBeGreaterThan(0);
  }, 90_000);
});
