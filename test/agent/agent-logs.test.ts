// agent.logs and the `logs` topic through a real agent child process (issue #6 follow-up,
// AG-5): the agent's own records come back with cursors, filtered by level and paged by
// cursor; new records arrive live as log.record to subscribers that name the topic (and
// only to them); a secret value the agent logs is scrubbed before any client sees it.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentLogsResult, LogRecord } from '../../src/protocol/schemas/log-schemas.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { RawNdjsonClient, type RpcMessage } from '../kit/raw-ndjson-client.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

let world: TempEnv;
let agent: AgentProcess;

const SECRET = 'Sup3r-Secret-Pa55word-for-logs';
const PROFILE = {
  kind: 'exchange-onprem', name: 'acme', server: 'mail.acme.example', intervalMinutes: 15,
  credentials: { kind: 'password', user: 'svc-sync@acme.example' },
  staff: [{ user: 'alice@acme.example', enabled: true }],
};

beforeAll(async () => {
  world = createTempEnv({ MAILBRIDGE_LOG_LEVEL: 'debug', MAILBRIDGE_LOG_FORMAT: 'json', MAILBRIDGE_SYNC_SCHEDULE: 'off' });
  agent = await startAgent(world);
});

afterAll(async () => {
  await agent.stop('SIGKILL');
  world.cleanup();
});

async function logs(client: RawNdjsonClient, params: Record<string, unknown> = {}): Promise<AgentLogsResult> {
  const answer = await client.request('agent.logs', params);
  expect(answer.error).toBeUndefined();
  return answer.result as unknown as AgentLogsResult;
}

async function waitUntil<T>(find: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every notification the raw client has seen, whether set aside by `request` or still queued. */
async function drainNotifications(client: RawNdjsonClient): Promise<RpcMessage[]> {
  for (;;) {
    try {
      client.notifications.push(await client.next(50));
    } catch {
      return client.notifications;
    }
  }
}

describe('agent.logs', () => {
  it("returns the agent's own records, oldest first, with cursor, time, level and message", async () => {
    const client = await RawNdjsonClient.connect(world.socketPath);
    const page = await logs(client);
    expect(page.agentLevel).toBe('debug');
    expect(page.capacity).toBe(1000);
    const ready = page.records.find((r) => r.msg === 'agent ready');
    expect(ready).toMatchObject({ level: 'info', fields: { protocol: 1 } });
    expect(ready!.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    const cursors = page.records.map((r) => r.cursor);
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(page.cursor).toBeGreaterThanOrEqual(cursors.at(-1)!);
    client.close();
  });

  it('filters by level, limits, and pages after a cursor', async () => {
    const client = await RawNdjsonClient.connect(world.socketPath);
    const all = await logs(client, { limit: 1000 });
    expect(all.records.some((r) => r.level === 'debug')).toBe(true);
    const infoUp = await logs(client, { level: 'info', limit: 1000 });
    expect(infoUp.records.length).toBeGreaterThan(0);
    expect(infoUp.records.every((r) => r.level !== 'debug' && r.level !== 'trace')).toBe(true);
    expect((await logs(client, { limit: 2 })).records).toHaveLength(2);
    const first = all.records[0]!;
    const after = await logs(client, { since: first.cursor, limit: 1 });
    expect(after.records.map((r) => r.cursor)).toEqual([all.records[1]!.cursor]);
    expect(after.more).toBe(true);
    client.close();
  });

  it('refuses a level it does not know with -32602 naming the field', async () => {
    const client = await RawNdjsonClient.connect(world.socketPath);
    const answer = await client.request('agent.logs', { level: 'verbose' });
    expect(answer.error?.code).toBe(-32602);
    expect(JSON.stringify(answer.error)).toContain('level');
    client.close();
  });
});

describe('the logs topic', () => {
  it('delivers each new record live to a subscriber naming `logs`, and not to one subscribed to everything', async () => {
    const watcher = await RawNdjsonClient.connect(world.socketPath);
    const everything = await RawNdjsonClient.connect(world.socketPath);
    await watcher.request('events.subscribe', { topics: ['logs'] });
    await everything.request('events.subscribe', {});
    const before = (await logs(watcher)).cursor;

    const other = await RawNdjsonClient.connect(world.socketPath);
    await other.request('profiles.list', {});
    other.close();

    const record = await waitUntil(() => {
      const found = watcher.transcript.map((l) => JSON.parse(l) as RpcMessage).find((m) => m.method === 'log.record' && (m.params as { data: LogRecord }).data.fields?.method === 'profiles.list');
      return found ? (found.params as { data: LogRecord }).data : undefined;
    }, 'a log.record for the profiles.list request');
    expect(record).toMatchObject({ level: 'debug', msg: 'request' });
    expect(record.cursor).toBeGreaterThan(before);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(everything.transcript.filter((l) => l.includes('"log.record"'))).toEqual([]);
    watcher.close();
    everything.close();
  });
});

describe('secrets never reach the log stream (AG-5)', () => {
  it('scrubs a secret value the agent logs from agent.logs, the notifications and the log file', async () => {
    const client = await RawNdjsonClient.connect(world.socketPath);
    await client.request('events.subscribe', { topics: ['logs'] });
    expect((await client.request('profiles.put', { profile: PROFILE })).error).toBeUndefined();
    expect((await client.request('secrets.set', { profile: 'acme', field: 'password', value: SECRET })).error).toBeUndefined();
    // The dispatcher logs the method name of every request at debug: a client that sends
    // the password where a method name goes makes the agent log it.
    const unknown = await client.request(SECRET, { password: SECRET });
    expect(unknown.error?.code).toBe(-32601);

    const page = await logs(client, { limit: 1000 });
    const redacted = page.records.filter((r) => r.fields?.method === '[redacted]');
    expect(redacted.length).toBeGreaterThan(0);
    await waitUntil(() => (client.transcript.some((l) => l.includes('"log.record"') && l.includes('[redacted]')) ? true : undefined), 'the scrubbed record as a notification');
    await drainNotifications(client);

    // The agent's answer to the unknown method echoes the method name back to its own
    // caller; everything log-related must not hold it.
    const logLines = client.transcript.filter((l) => l.includes('"log.record"') || l.includes('"records"'));
    expect(logLines.length).toBeGreaterThan(1);
    for (const line of logLines) expect(line).not.toContain(SECRET);
    expect(readFileSync(`${world.stateDir}/logs/agent.log`, 'utf8')).not.toContain(SECRET);
    expect(agent.stdout).not.toContain(SECRET);
    client.close();
  });
});
