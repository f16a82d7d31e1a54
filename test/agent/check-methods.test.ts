// checks.run / checks.report / checks.cancel over the socket (issue #6 wiring of issue #4's
// check runs, architecture.md "long work returns a run id at once and streams notifications"):
// a run answers with its id at once, streams run.progress per check and run.finished, is a
// job in agent.status while it goes, and its report can be fetched by id.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent, type AgentClient, type AgentNotification } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

let w: TempEnv;
let agent: AgentProcess;
let client: AgentClient;

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  w = createTempEnv();
  agent = await startAgent(w);
  client = await connectAgent({ socketPath: w.socketPath });
});

afterAll(async () => {
  client.close();
  await agent.stop('SIGKILL');
  w.cleanup();
});

describe('checks.run', () => {
  it('answers with a run id, streams progress and the end, and serves the report', async () => {
    const seen: AgentNotification[] = [];
    await client.subscribe((n) => seen.push(n), ['runs']);
    const port = await closedPort();
    const { runId } = await client.call('checks.run', { server: 'localhost', httpsPort: port, ports: [port], timeoutMs: 2_000 });
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    const report = await client.call('checks.report', { runId });
    expect(report.schema).toBe('mailbridge.check-report/v1');
    expect(report.checks.length).toBeGreaterThan(0);
    expect(report.summary.fail).toBeGreaterThan(0);
    const deadline = Date.now() + 5_000;
    while (!seen.some((n) => n.method === 'run.finished') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const progress = seen.filter((n) => n.method === 'run.progress').map((n) => n.params.data as { phase: string; checkId: string; runId: string });
    // Checks without a dependency between them run at once, so they finish in any order.
    expect(progress.filter((p) => p.phase === 'finished').map((p) => p.checkId).sort()).toEqual(report.checks.map((c) => c.id).sort());
    expect(progress.every((p) => p.runId === runId)).toBe(true);
    const finished = seen.find((n) => n.method === 'run.finished')!.params.data as { summary: unknown };
    expect(finished.summary).toEqual(report.summary);
    expect((await client.call('agent.status')).jobs).toEqual([]);
  });

  it('refuses an unknown profile and an unknown run id with the next step', async () => {
    await expect(client.call('checks.run', { profile: 'nope' })).rejects.toThrow(/nope/);
    await expect(client.call('checks.report', { runId: 'no-such-run' })).rejects.toThrow(/no check run with id no-such-run/);
  });
});
