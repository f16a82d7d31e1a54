// 50 clients at once (issue #2): every one gets its own answers, correctly matched by id,
// while others connect, pipeline and leave; the agent serves on afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { RawNdjsonClient } from '../kit/raw-ndjson-client.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

let world: TempEnv;
let agent: AgentProcess;

beforeAll(async () => {
  world = createTempEnv();
  agent = await startAgent(world);
});

afterAll(async () => {
  await agent.stop('SIGTERM');
  world.cleanup();
});

describe('50 concurrent clients', () => {
  it('serves 50 typed clients at once, each with its own answers', async () => {
    const clients = await Promise.all(Array.from({ length: 50 }, () => connectAgent({ socketPath: world.socketPath })));
    try {
      const answers = await Promise.all(clients.map(async (c) => ({ status: await c.call('agent.status'), list: await c.call('profiles.list') })));
      expect(answers).toHaveLength(50);
      for (const { status, list } of answers) {
        expect(status.pid).toBe(agent.pid);
        expect(status.store.schemaVersion).toBeGreaterThanOrEqual(1);
        expect(list.profiles).toEqual([]);
      }
    } finally {
      for (const c of clients) c.close();
    }
  });

  it('keeps concurrent calls on one typed client apart', async () => {
    const c = await connectAgent({ socketPath: world.socketPath });
    try {
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? c.call('agent.status') : c.call('profiles.list'))));
      answers.forEach((answer, i) => expect(Object.keys(answer)).toContain(i % 2 === 0 ? 'uptimeSeconds' : 'profiles'));
    } finally {
      c.close();
    }
  });

  it('matches pipelined answers to their ids for 50 raw clients, while 10 more vanish mid-request', async () => {
    const vanishing = await Promise.all(Array.from({ length: 10 }, () => RawNdjsonClient.connect(world.socketPath)));
    const raw = await Promise.all(Array.from({ length: 50 }, () => RawNdjsonClient.connect(world.socketPath)));
    for (const v of vanishing) {
      v.write('{"jsonrpc":"2.0","id":1,"method":"agent.status"}\n{"jsonrpc":"2.0","id":2,"method":"profi');
      v.close();
    }
    raw.forEach((c, n) => {
      for (let k = 0; k < 5; k += 1) c.send({ jsonrpc: '2.0', id: `${n}-${k}`, method: k % 2 === 0 ? 'agent.hello' : 'agent.status' });
    });
    const received = await Promise.all(raw.map(async (c) => Promise.all(Array.from({ length: 5 }, () => c.next()))));
    received.forEach((answers, n) => {
      expect(new Set(answers.map((a) => a.id))).toEqual(new Set([0, 1, 2, 3, 4].map((k) => `${n}-${k}`)));
      for (const a of answers) expect(a.error).toBeUndefined();
    });
    for (const c of raw) c.close();

    const after = await connectAgent({ socketPath: world.socketPath });
    expect((await after.call('agent.status')).pid).toBe(agent.pid);
    after.close();
  });
});
