// events.subscribe (issue #2, architecture.md "Subscriptions deliver a snapshot first,
// then changes"): the snapshot comes first with its sequence number, every later change
// follows in order, topics filter, secrets appear by name only, and a stopping agent says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent, type AgentClient, type AgentNotification } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { RawNdjsonClient } from '../kit/raw-ndjson-client.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

let world: TempEnv;
let agent: AgentProcess;

const PROFILE = {
  kind: 'exchange-onprem',
  name: 'acme',
  server: 'mail.acme.example',
  intervalMinutes: 15,
  credentials: { kind: 'password', user: 'svc-sync@acme.example' },
  staff: [{ user: 'alice@acme.example', enabled: true }],
};

beforeAll(async () => {
  world = createTempEnv();
  agent = await startAgent(world);
});

afterAll(async () => {
  await agent.stop('SIGKILL');
  world.cleanup();
});

function collector(): { received: AgentNotification[]; waitFor(count: number): Promise<AgentNotification[]> } {
  const received: AgentNotification[] = [];
  return {
    received,
    async waitFor(count) {
      const deadline = Date.now() + 5_000;
      while (received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return received;
    },
  };
}

describe('events.subscribe', () => {
  let all: AgentClient;
  let secretsOnly: AgentClient;
  const everything = collector();
  const secretEvents = collector();

  it('sends the snapshot first, then each change in sequence order', async () => {
    const writer = await connectAgent({ socketPath: world.socketPath });
    await writer.call('profiles.put', { profile: { ...PROFILE, name: 'before', server: 'mail.before.example' } });

    all = await connectAgent({ socketPath: world.socketPath });
    const subscription = await all.subscribe((n) => everything.received.push(n));
    secretsOnly = await connectAgent({ socketPath: world.socketPath });
    await secretsOnly.subscribe((n) => secretEvents.received.push(n), ['secrets']);

    await writer.call('profiles.put', { profile: PROFILE });
    await writer.call('secrets.set', { profile: 'acme', field: 'password', value: 'hunter2-but-longer' });
    await writer.call('profiles.delete', { name: 'acme' });
    writer.close();

    const got = await everything.waitFor(5);
    expect(got.map((n) => n.method)).toEqual(['events.snapshot', 'profiles.changed', 'secrets.changed', 'secrets.changed', 'profiles.changed']);
    const [snapshot, created, set, secretDeleted, deleted] = got;
    expect(snapshot!.params).toMatchObject({ subscription: subscription.id, seq: subscription.seq });
    expect(snapshot!.params.data).toMatchObject({ status: { pid: agent.pid }, profiles: [expect.objectContaining({ name: 'before' })] });
    expect(created!.params.data).toEqual({ name: 'acme', change: 'created' });
    expect(set!.params.data).toEqual({ profile: 'acme', field: 'password', change: 'set' });
    expect(secretDeleted!.params.data).toEqual({ profile: 'acme', field: 'password', change: 'deleted' });
    expect(deleted!.params.data).toEqual({ name: 'acme', change: 'deleted' });
    const seqs = got.map((n) => n.params.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(seqs[1]!).toBeGreaterThan(seqs[0]!);
    expect(JSON.stringify(got)).not.toContain('hunter2');
  });

  it('filters by topic', async () => {
    const got = await secretEvents.waitFor(3);
    expect(got.map((n) => n.method)).toEqual(['events.snapshot', 'secrets.changed', 'secrets.changed']);
  });

  it('sends the snapshot after the answer that names the subscription, to a raw client too', async () => {
    const raw = await RawNdjsonClient.connect(world.socketPath);
    const answer = await raw.request('events.subscribe', { topics: ['agent'] });
    const snapshot = await raw.next();
    expect(snapshot).toMatchObject({ method: 'events.snapshot', params: { subscription: answer.result?.subscription, seq: answer.result?.seq } });
    expect(snapshot.id).toBeUndefined();
    raw.close();
  });

  it("ends a subscription on events.unsubscribe, only for the connection that owns it", async () => {
    const owner = await RawNdjsonClient.connect(world.socketPath);
    const other = await RawNdjsonClient.connect(world.socketPath);
    const { result } = await owner.request('events.subscribe', { topics: ['profiles'] });
    const id = result?.subscription as string;
    expect((await other.request('events.unsubscribe', { subscription: id })).result).toEqual({ unsubscribed: false });
    expect((await owner.request('events.unsubscribe', { subscription: id })).result).toEqual({ unsubscribed: true });
    expect((await owner.request('events.unsubscribe', { subscription: id })).result).toEqual({ unsubscribed: false });
    const writer = await connectAgent({ socketPath: world.socketPath });
    await writer.call('profiles.put', { profile: { ...PROFILE, name: 'after-unsubscribe', server: 'mail.after.example' } });
    writer.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Only the snapshot reached it before the unsubscribe; no profiles.changed after.
    expect(owner.transcript.filter((line) => line.includes('"profiles.changed"'))).toEqual([]);
    expect(owner.transcript.some((line) => line.includes('"events.snapshot"'))).toBe(true);
    owner.close();
    other.close();
  });

  it('tells subscribers the agent is stopping', async () => {
    await agent.stop('SIGTERM');
    const deadline = Date.now() + 5_000;
    while (!everything.received.some((n) => n.method === 'agent.stopping') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const got = everything.received;
    expect(got.at(-1)).toMatchObject({ method: 'agent.stopping', params: { data: { reason: 'SIGTERM' } } });
    all.close();
    secretsOnly.close();
  });
});
