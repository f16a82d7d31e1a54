// tcp.<port> against real loopback listeners and closed ports, with 80/443/2610 mapped onto
// ephemeral ports (#4, EX-2).
import { afterEach, describe, expect, it } from 'vitest';
import { networkChecks } from '../../agent/checks/onprem-network-checks.js';
import { runChecks } from '../../agent/checks/runner.js';
import { systemResolver } from '../../agent/checks/network/host-resolver.js';
import { probePort } from '../../agent/checks/network/tcp-probe.js';
import { checkReportSchema, type CheckResult } from '../../src/checks/check-report.js';
import { closedPort, startDroppingListener, startHttpServer, startSilentListener, type RunningServer } from './kit/loopback-servers.js';

let servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function open(): Promise<number> {
  const server = await startSilentListener();
  servers.push(server);
  return server.port;
}

async function run(portMap: Record<number, number>, requiredPorts: number[] = []): Promise<Record<string, CheckResult>> {
  const target = { host: 'localhost', portMap, requiredPorts, resolver: systemResolver() };
  const report = await runChecks(networkChecks(target, { checkTimeoutMs: 1_000 }), { target: { server: 'localhost' }, timeoutMs: 1_000 });
  expect(checkReportSchema.safeParse(report).success).toBe(true);
  return Object.fromEntries(report.checks.map((c) => [c.id, c]));
}

describe('TCP checks and the EX-2 verdict', () => {
  it('443 open, 2610 and 80 closed: 443 passes, 2610 is not needed, 80 only warns', async () => {
    const byId = await run({ 443: await open(), 2610: await closedPort(), 80: await closedPort() });
    expect(byId['tcp.443']).toMatchObject({ status: 'pass', details: { state: 'open', logicalPort: 443 } });
    expect(byId['tcp.2610']).toMatchObject({ status: 'pass', details: { state: 'refused', code: 'ECONNREFUSED' } });
    expect(byId['tcp.2610']?.summary).toContain('not needed: 443 is open');
    expect(byId['tcp.80']).toMatchObject({ status: 'warn', diagnosis: { code: 'MB_HTTP_PORT_CLOSED', family: 'tcp' } });
    expect(byId['http.redirect']).toMatchObject({ status: 'skip', summary: 'not run: port 80 is closed' });
    // tls.handshake ran on 443 (and failed: a silent listener) rather than being skipped.
    expect(byId['tls.handshake']?.details).toMatchObject({ logicalPort: 443 });
  });

  it('443 closed but 2610 open: passes with the note to set the integration to 2610, TLS goes to 2610', async () => {
    const alt = await open();
    const byId = await run({ 443: await closedPort(), 2610: alt, 80: await closedPort() });
    expect(byId['tcp.443']).toMatchObject({ status: 'pass', details: { state: 'refused' } });
    expect(byId['tcp.443']?.summary).toContain("set the integration's port to 2610");
    expect(byId['tcp.443']?.details).toMatchObject({ noteCode: 'MB_PORT_443_CLOSED_USE_2610' });
    expect(byId['tcp.2610']).toMatchObject({ status: 'pass', details: { state: 'open' } });
    expect(byId['tls.handshake']?.details).toMatchObject({ logicalPort: 2610, port: alt });
  });

  it('both HTTPS ports closed fails, naming the refusal, and skips TLS', async () => {
    const byId = await run({ 443: await closedPort(), 2610: await closedPort(), 80: await open() });
    expect(byId['tcp.443']).toMatchObject({ status: 'fail', diagnosis: { code: 'ECONNREFUSED' } });
    expect(byId['tcp.2610']).toMatchObject({ status: 'fail', diagnosis: { code: 'ECONNREFUSED' } });
    expect(byId['tls.handshake']).toMatchObject({ status: 'skip', details: { blockedBy: 'tcp.443' } });
    expect(byId['tls.validity']).toMatchObject({ status: 'skip', details: { rootCause: 'tcp.443' } });
  });

  it('a port named in --ports is required: closed fails', async () => {
    const extra = await closedPort();
    const byId = await run({ 443: await open(), 2610: await closedPort(), 80: await open(), 8443: extra }, [8443]);
    expect(byId['tcp.8443']).toMatchObject({ status: 'fail', diagnosis: { code: 'ECONNREFUSED' } });
    expect(byId['tcp.8443']?.summary).toContain('named in --ports');
  });

  it('http.redirect: a redirect to https passes, a plain page warns', async () => {
    const redirect = await startHttpServer((_req, res) => res.writeHead(308, { location: 'https://localhost/owa' }).end());
    const page = await startHttpServer((_req, res) => res.end('IIS'));
    servers.push(redirect, page);
    const good = await run({ 443: await open(), 2610: await closedPort(), 80: redirect.port });
    expect(good['http.redirect']).toMatchObject({ status: 'pass', details: { status: 308, location: 'https://localhost/owa' } });
    const bad = await run({ 443: await open(), 2610: await closedPort(), 80: page.port });
    expect(bad['http.redirect']).toMatchObject({ status: 'warn', summary: 'HTTP 200, no redirect', diagnosis: { code: 'MB_HTTP_NO_HTTPS_REDIRECT' } });
  });

  it('a port that never answers the SYN times out (ETIMEDOUT), told apart from refused', async () => {
    const dropping = await startDroppingListener();
    servers.push(dropping);
    const probe = await probePort(['127.0.0.1'], dropping.port, 300);
    expect(probe).toMatchObject({ state: 'timeout', code: 'ETIMEDOUT' });
    const byId = await run({ 443: dropping.port, 2610: await closedPort(), 80: await closedPort() });
    expect(byId['tcp.443']).toMatchObject({ status: 'fail', details: { state: 'timeout' }, diagnosis: { code: 'ETIMEDOUT', family: 'tcp' } });
    expect(byId['tcp.443']?.summary).toContain('timed out');
    expect(byId['tcp.2610']).toMatchObject({ status: 'fail', details: { state: 'refused' }, diagnosis: { code: 'ECONNREFUSED' } });
  });

  it('the probe reports every address it tried', async () => {
    const port = await open();
    const probe = await probePort(['127.0.0.1', '::1'], port, 1_000);
    expect(probe.state).toBe('open');
    expect(probe.openAddress).toBe('127.0.0.1');
    expect(probe.attempts.map((a) => a.address)).toEqual(['127.0.0.1', '::1']);
  });
});
