// The agent's in-memory log (issue #6 follow-up, AG-5): pino lines through the real service
// destination become records in the ring — after the scrubber, so neither a secret-named
// key nor a remembered secret value reaches it — and the ring's cursor queries.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentLogger } from '../../agent/agent-logger.js';
import { EventBus } from '../../agent/events/event-bus.js';
import { bridgeLogsToEvents } from '../../agent/logging/log-event-bridge.js';
import { rememberSecretValue } from '../../agent/logging/known-secret-values.js';
import { MAX_FIELDS_CHARS, logRecordFromLine } from '../../agent/logging/log-record.js';
import { LogRing } from '../../agent/logging/log-ring.js';
import { createServiceLogDestination } from '../../agent/logging/service-log-destination.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function pipeline(level = 'debug') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mb-logring-'));
  dirs.push(dir);
  const consoleLines: string[] = [];
  const destination = createServiceLogDestination(path.join(dir, 'state'), { write: (line: string) => consoleLines.push(line) }, new LogRing(5));
  return { log: createAgentLogger({ MAILBRIDGE_LOG_LEVEL: level }, destination), ring: destination.records, consoleLines, close: () => destination.close() };
}

describe('log records from the service destination (AG-5)', () => {
  it('keeps time, level, message, profile, module and the other fields of each line', () => {
    const { log, ring, close } = pipeline();
    log.child({ module: 'sync' }).warn({ profile: 'acme', runId: 'r-1', counts: { created: 2 } }, 'folder failed');
    close();
    const [record] = ring.query({ limit: 10 }).records;
    expect(record).toMatchObject({ cursor: 1, level: 'warn', msg: 'folder failed', module: 'sync', profile: 'acme', fields: { runId: 'r-1', counts: { created: 2 } } });
    expect(record!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Object.keys(record!.fields!)).not.toContain('pid');
  });

  it('never holds a secret: keys pino redacts, and values the agent has seen', () => {
    const { log, ring, consoleLines, close } = pipeline();
    const value = 'ring-secret-Value-4711';
    rememberSecretValue(value);
    log.info({ params: { profile: 'acme', field: 'password', password: 'pw-by-key-0815' } }, 'secrets.set params');
    log.error({ err: new Error(`login failed for svc with ${value}`) }, `request carried ${value}`);
    close();
    const text = JSON.stringify(ring.query({ limit: 10 }));
    expect(text).not.toContain(value);
    expect(text).not.toContain('pw-by-key-0815');
    expect(text).toContain('[redacted]');
    const [first, second] = ring.query({ limit: 10 }).records;
    expect((first!.fields!.params as Record<string, unknown>).password).toBe('[redacted]');
    expect(second!.msg).toBe('request carried [redacted]');
    // The same scrubbed line went to the console copy: one pipeline, three outputs.
    expect(consoleLines.join('')).not.toContain(value);
  });

  it('cuts very large fields down to a preview', () => {
    const record = logRecordFromLine(JSON.stringify({ level: 50, time: 0, msg: 'big', err: { stack: 'x'.repeat(20_000) } }));
    expect(JSON.stringify(record.fields).length).toBeLessThan(MAX_FIELDS_CHARS + 200);
    expect(String(record.fields!.truncated)).toMatch(/more characters\)$/);
    expect(record).toMatchObject({ level: 'error', time: '1970-01-01T00:00:00.000Z' });
  });
});

describe('LogRing', () => {
  function filled(count: number, capacity = 5): LogRing {
    const ring = new LogRing(capacity);
    for (let i = 1; i <= count; i += 1) ring.push({ time: new Date(i * 1000).toISOString(), level: i % 3 === 0 ? 'warn' : 'info', msg: `line ${i}` });
    return ring;
  }

  it('keeps the newest records up to its capacity; cursors keep growing', () => {
    const ring = filled(8);
    const page = ring.query({ limit: 100 });
    expect(page.records.map((r) => r.cursor)).toEqual([4, 5, 6, 7, 8]);
    expect(page).toMatchObject({ cursor: 8, more: false, missed: 0 });
  });

  it('without since: the newest `limit` records, oldest first', () => {
    expect(filled(5).query({ limit: 2 }).records.map((r) => r.msg)).toEqual(['line 4', 'line 5']);
  });

  it('with since: the records after it, paged by limit, and how many were lost', () => {
    const ring = filled(8);
    const first = ring.query({ since: 1, limit: 2 });
    expect(first.records.map((r) => r.cursor)).toEqual([4, 5]);
    expect(first).toMatchObject({ cursor: 5, more: true, missed: 2 });
    const second = ring.query({ since: first.cursor, limit: 10 });
    expect(second.records.map((r) => r.cursor)).toEqual([6, 7, 8]);
    expect(second).toMatchObject({ cursor: 8, more: false, missed: 0 });
    expect(ring.query({ since: 8, limit: 10 })).toMatchObject({ records: [], cursor: 8, more: false });
  });

  it('filters by the lowest level', () => {
    const page = filled(6, 10).query({ level: 'warn', limit: 10 });
    expect(page.records.map((r) => r.msg)).toEqual(['line 3', 'line 6']);
  });

  it('treats a cursor from an earlier agent process (beyond the newest) as absent', () => {
    expect(filled(3).query({ since: 99, limit: 10 }).records.map((r) => r.cursor)).toEqual([1, 2, 3]);
  });

  it('tells listeners of each new record', () => {
    const ring = new LogRing(2);
    const seen: number[] = [];
    const stop = ring.onRecord((r) => seen.push(r.cursor));
    ring.push({ time: '', level: 'info', msg: 'a' });
    stop();
    ring.push({ time: '', level: 'info', msg: 'b' });
    expect(seen).toEqual([1]);
  });
});

describe('bridgeLogsToEvents', () => {
  it('publishes each record as log.record on topic logs, to subscribers naming it only', () => {
    const ring = new LogRing();
    const bus = new EventBus();
    bridgeLogsToEvents(ring, bus);
    const named: string[] = [];
    const everything: string[] = [];
    bus.subscribe((method) => named.push(method) > 0, ['logs']).start(null);
    bus.subscribe((method) => everything.push(method) > 0).start(null);
    ring.push({ time: '', level: 'info', msg: 'hello' });
    expect(named).toEqual(['events.snapshot', 'log.record']);
    expect(everything).toEqual(['events.snapshot']);
  });

  it('does not loop when delivering a record logs another one (a notification that fails and warns)', () => {
    const ring = new LogRing();
    const bus = new EventBus();
    bridgeLogsToEvents(ring, bus);
    let delivered = 0;
    bus.subscribe((method) => {
      if (method !== 'log.record') return true;
      delivered += 1;
      ring.push({ time: '', level: 'warn', msg: 'notification not sent' });
      return true;
    }, ['logs']).start(null);
    ring.push({ time: '', level: 'info', msg: 'first' });
    // The first record and the one its delivery logged are published; what that causes is kept, not published.
    expect(delivered).toBe(2);
    expect(ring.newestCursor).toBe(3);
  });
});
