// checks.run with `checks` (issue #6 "re-run one check", additive in protocol 1): a real
// agent runs only the named check and the checks it depends on (tls.trust needs
// tls.handshake, which needs the HTTPS port's TCP check, which needs dns.resolve); an id
// the plan does not have is refused naming the field and the plan's ids. `draft` plans an
// unsaved profile (the wizard's live validation) exactly as a saved one, and saves nothing.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentRequestError } from '../../src/protocol/agent-errors.js';
import { connectAgent, type AgentClient } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

let w: TempEnv;
let agent: AgentProcess;
let client: AgentClient;
let port: number;

beforeAll(async () => {
  w = createTempEnv();
  agent = await startAgent(w);
  client = await connectAgent({ socketPath: w.socketPath });
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterAll(async () => {
  client.close();
  await agent.stop('SIGKILL');
  w.cleanup();
});

async function idsOf(params: Parameters<AgentClient['call']>[1]): Promise<string[]> {
  const { runId } = await client.call('checks.run', params as never);
  return (await client.call('checks.report', { runId })).checks.map((c) => c.id);
}

describe('checks.run with a selection of checks', () => {
  it('runs the selected check and its dependencies only', async () => {
    const all = await idsOf({ server: '127.0.0.1', httpsPort: port, timeoutMs: 2000 });
    expect(all).toEqual(expect.arrayContaining(['dns.resolve', 'tls.handshake', 'tls.trust', 'tls.hostname', 'ews.endpoint']));
    const selected = await idsOf({ server: '127.0.0.1', httpsPort: port, timeoutMs: 2000, checks: ['tls.trust'] });
    // tls.handshake needs the TCP check of every HTTPS port (the mapped 443 and the alternate one).
    expect(selected.filter((id) => !id.startsWith('tcp.')).sort()).toEqual(['dns.resolve', 'tls.handshake', 'tls.trust']);
    expect(selected.some((id) => id.startsWith('tcp.'))).toBe(true);
    expect(all.filter((id) => id.startsWith('tcp.') && !selected.includes(id)).length).toBeGreaterThan(0);
    // The plan's order is kept: dependencies come before the check that needs them.
    expect(selected.indexOf('dns.resolve')).toBeLessThan(selected.indexOf('tls.trust'));
    expect(await idsOf({ server: '127.0.0.1', httpsPort: port, checks: ['dns.resolve'] })).toEqual(['dns.resolve']);
  });

  it('refuses an id the plan does not have, naming the field and the ids it has', async () => {
    const error = await client.call('checks.run', { server: '127.0.0.1', httpsPort: port, checks: ['entra.token'] }).then(() => undefined, (e: unknown) => e);
    if (!(error instanceof AgentRequestError)) throw new Error(`expected an AgentRequestError, got ${String(error)}`);
    expect(error.message).toContain('no check "entra.token" in this run');
    expect(error.code).toBe('MB_CHECK_UNKNOWN_ID');
    expect(error.field).toBe('checks');
    expect(error.fix.join(' ')).toContain('tls.trust');
  });

  it('refuses an empty selection as a bad param', async () => {
    await expect(client.call('checks.run', { server: '127.0.0.1', checks: [] })).rejects.toThrow(/checks/);
  });
});

describe('checks.run with a draft profile', () => {
  const draft = { kind: 'exchange-onprem', name: 'unsaved', server: '127.0.0.1', intervalMinutes: 15, credentials: { kind: 'password', user: 'svc@acme.example' } };

  it('plans the unsaved profile like a saved one (its rules first) and saves nothing', async () => {
    const { runId } = await client.call('checks.run', { draft: { ...draft, ports: { https: port } }, checks: ['tls.trust'] });
    const report = await client.call('checks.report', { runId });
    expect(report.target).toMatchObject({ profile: 'unsaved', server: '127.0.0.1' });
    expect(report.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['profile.valid', 'dns.resolve', 'tls.trust']));
    expect((await client.call('profiles.list')).profiles.map((p) => p.name)).not.toContain('unsaved');
  });

  it('refuses a malformed draft with the field, and a draft together with a server', async () => {
    const error = await client.call('checks.run', { draft: { kind: 'exchange-onprem', name: 'unsaved' } }).then(() => undefined, (e: unknown) => e);
    if (!(error instanceof AgentRequestError)) throw new Error(`expected an AgentRequestError, got ${String(error)}`);
    expect(error.code).toBe('MB_CHECK_DRAFT_INVALID');
    expect(error.field).toMatch(/^draft\./);
    await expect(client.call('checks.run', { draft, server: '127.0.0.1' })).rejects.toThrow(/draft/);
  });
});

