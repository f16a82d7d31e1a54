// A host that reaches Exchange only through the profile's proxy (#4, #7, EX-2, EX-3): the
// profile's ports are closed on loopback and only the loopback CONNECT proxy maps them onto
// the lab's real ones. The direct tcp.* checks warn (MB_REACHED_ONLY_THROUGH_PROXY, naming
// the proxy by host and port) instead of failing, tls.* read the lab's own certificate
// through the tunnel, and nothing behind them is skipped; a local DNS failure warns the same
// way. Without the proxy, or with the host in noProxy, the direct failures still fail.
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPlan } from '../../agent/checks/check-plan.js';
import { selectChecks } from '../../agent/checks/check-selection.js';
import { dnsServerResolver } from '../../agent/checks/network/host-resolver.js';
import { runChecks } from '../../agent/checks/runner.js';
import { readCaFile } from '../../agent/checks/ca-file.js';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { startConnectProxy, type RunningConnectProxy } from '../../fixtures/proxy/connect-proxy.js';
import type { Profile } from '../../src/profiles/profile-schema.js';
import { labProfile, notPassing, runLabChecks, setFaults } from './kit/lab-checks.js';
import { closedPort, startDroppingListener } from './kit/loopback-servers.js';
import { startLoopbackDnsServer, type LoopbackDnsServer } from './kit/loopback-dns-server.js';

const PROXY_USER = 'svc-proxy';
const PROXY_PASSWORD = 'Only-through-proxy-5c1d';
const HIDDEN_NAME = 'mail.proxied.test';

let lab: RunningLab;
let proxy: RunningConnectProxy;
let dnsServer: LoopbackDnsServer;
/** The profile's closed loopback ports (http, https, alternate) and the lab's real ones. */
let closed: { http: number; https: number; alternate: number };
let real: { http: number; https: number; alternate: number };
/** Exchange Online: a closed loopback port the proxy maps onto the lab's Entra/Graph port. */
let closedOnline: number;

beforeAll(async () => {
  lab = await startLab();
  await setFaults(lab, []);
  const { profile } = await labProfile(lab, 'lab-onprem');
  if (profile.kind !== 'exchange-onprem') throw new Error('lab-onprem is not on-premises');
  real = { ...profile.ports };
  closed = { http: await closedPort(), https: await closedPort(), alternate: await closedPort() };
  const rewrite: Record<string, string> = {};
  for (const role of ['http', 'https', 'alternate'] as const) {
    rewrite[`localhost:${closed[role]}`] = `localhost:${real[role]}`;
    rewrite[`${HIDDEN_NAME}:${closed[role]}`] = `localhost:${real[role]}`;
  }
  const online = (await labProfile(lab, 'lab-online')).profile;
  if (online.kind !== 'exchange-online') throw new Error('lab-online is not Exchange Online');
  closedOnline = await closedPort();
  rewrite[`localhost:${closedOnline}`] = `localhost:${new URL(online.endpoints.authorityHost).port}`;
  proxy = await startConnectProxy({ requireAuth: { user: PROXY_USER, password: PROXY_PASSWORD }, rewrite });
  dnsServer = await startLoopbackDnsServer({ nxdomain: [HIDDEN_NAME] });
}, 60_000);

afterAll(async () => {
  await dnsServer?.close();
  await proxy?.stop();
  await lab?.stop();
});

/** The lab profile pointed at the closed ports, with or without the proxy. */
async function proxyOnlyProfile(proxySettings: Record<string, unknown> | undefined, server = 'localhost') {
  const { profile, secrets } = await labProfile(lab, 'lab-onprem', (p) => ({
    ...p, server, ports: { ...closed }, ...(proxySettings ? { proxy: proxySettings } : {}),
  }));
  await secrets.set({ profile: 'lab-onprem', field: 'proxyPassword' }, PROXY_PASSWORD);
  return { profile, secrets };
}

/** The lab's leaf certificate as a direct TLS client sees it on the real port. */
function labLeafFingerprint(): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: real.https, servername: 'localhost', rejectUnauthorized: false }, () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      socket.destroy();
      resolve(fingerprint);
    });
    socket.once('error', reject);
  });
}

describe('a server reachable only through the profile proxy', () => {
  it('the whole run passes with warnings: tcp.* warn naming the proxy, TLS sees the lab certificate through the tunnel, nothing is skipped', async () => {
    const tunnelsBefore = proxy.stats.tunnels;
    const rewrittenBefore = proxy.stats.rewritten;
    const { profile, secrets } = await proxyOnlyProfile({ url: proxy.url, user: PROXY_USER });
    const { report, byId } = await runLabChecks(profile, secrets, {}, 10_000);

    expect(report.summary.fail, notPassing(report).join('\n')).toBe(0);
    expect(report.summary.skip, notPassing(report).join('\n')).toBe(0);
    for (const id of ['tcp.80', 'tcp.443', 'tcp.2610']) {
      const check = byId[id];
      expect(check, id).toMatchObject({
        status: 'warn',
        diagnosis: { code: 'MB_REACHED_ONLY_THROUGH_PROXY', family: 'tcp' },
        details: { state: 'refused', via: 'proxy', proxy: proxy.url, tunnel: { state: 'open' } },
      });
      expect(String(check?.details.proxyNote), id).toContain('direct connections from this host are not required');
      expect(check?.summary, id).toContain(`through the proxy ${proxy.url}`);
    }
    // Every other check passes: the warnings are exactly the three direct port checks.
    expect(report.checks.filter((c) => c.status === 'warn').map((c) => c.id).sort(), notPassing(report).join('\n')).toEqual(['tcp.2610', 'tcp.443', 'tcp.80']);
    for (const id of ['tls.handshake', 'tls.trust', 'tls.hostname', 'tls.validity', 'tls.signature', 'http.redirect', 'ews.endpoint', 'owa.endpoint', 'auth.credentials']) {
      expect(byId[id]?.status, `${id}: ${byId[id]?.summary}`).toBe('pass');
    }
    expect(byId['tls.handshake']?.details).toMatchObject({ via: 'proxy', proxy: proxy.url, port: closed.https });
    expect(byId['http.redirect']?.details).toMatchObject({ via: 'proxy' });

    // The chain judged is the lab's own, read through the tunnel.
    const chain = byId['tls.trust']?.details.chain as { fingerprint256: string }[];
    expect(chain[0]?.fingerprint256).toBe(await labLeafFingerprint());
    expect(byId['tls.trust']?.details).toMatchObject({ seenThroughProxy: proxy.url });
    expect(byId['tls.hostname']?.details).toMatchObject({ seenThroughProxy: proxy.url });
    expect(byId['tls.validity']?.details).toMatchObject({ seenThroughProxy: proxy.url });

    expect(proxy.stats.targets).toContain(`localhost:${closed.https}`);
    expect(proxy.stats.rewritten - rewrittenBefore).toBeGreaterThanOrEqual(5);
    expect(proxy.stats.tunnels - tunnelsBefore).toBeGreaterThanOrEqual(6);
    expect(JSON.stringify(report)).not.toContain(PROXY_PASSWORD);
  }, 40_000);

  // The lab's Entra accepts tokens only for its own Graph origin, so the Graph host keeps its
  // real (directly open) port: one host proxy-only, one direct, in the same merged checks.
  it('Exchange Online: the authority host reached only through the proxy — tcp.443 warns for it, Entra token and Graph mailboxes pass', async () => {
    const { profile, secrets } = await labProfile(lab, 'lab-online', (p) => ({
      ...p, endpoints: { ...(p.endpoints as Record<string, string>), authorityHost: `https://localhost:${closedOnline}` }, proxy: { url: proxy.url, user: PROXY_USER },
    }));
    await secrets.set({ profile: 'lab-online', field: 'proxyPassword' }, PROXY_PASSWORD);
    const { report, byId } = await runLabChecks(profile, secrets, {}, 10_000);
    const problems = notPassing(report).filter((line) => !line.startsWith('profile.valid'));
    expect(problems.filter((line) => !line.startsWith('tcp.443 warn')), problems.join('\n')).toEqual([]);
    expect(byId['tcp.443']).toMatchObject({ status: 'warn', diagnosis: { code: 'MB_REACHED_ONLY_THROUGH_PROXY' } });
    const hosts = byId['tcp.443']?.details.hosts as Record<string, unknown>[];
    expect(hosts[0]).toMatchObject({ status: 'warn', port: closedOnline, via: 'proxy', tunnel: { state: 'open' } });
    expect(hosts[1]).toMatchObject({ status: 'pass', state: 'open' });
    const handshakes = byId['tls.handshake']?.details.hosts as Record<string, unknown>[];
    expect(handshakes[0]).toMatchObject({ status: 'pass', via: 'proxy', port: closedOnline });
    expect(byId['tls.trust']?.status).toBe('pass');
    expect(byId['entra.token']?.status).toBe('pass');
    expect(byId['graph.mailbox']?.status).toBe('pass');
    expect(proxy.stats.targets).toContain(`localhost:${closedOnline}`);
  }, 40_000);

  it('a name this host cannot resolve: dns.resolve warns, the ports and the TLS handshake go through the proxy', async () => {
    const { profile, secrets } = await proxyOnlyProfile({ url: proxy.url, user: PROXY_USER }, HIDDEN_NAME);
    const caFile = profile.tls.caFile ? readCaFile(profile.tls.caFile, 'tls.caFile') : undefined;
    const resolver = dnsServerResolver([dnsServer.address], { timeoutMs: 1_000 });
    const plan = selectChecks(checkPlan({ profile, secrets, resolver, timeoutMs: 5_000, ...(caFile ? { caFile } : {}) }), ['dns.resolve', 'tcp.443', 'tcp.2610', 'tls.handshake', 'tls.trust']);
    const report = await runChecks(plan.definitions, { target: plan.target, timeoutMs: 5_000 });
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));

    expect(byId['dns.resolve']).toMatchObject({
      status: 'warn',
      diagnosis: { code: 'MB_REACHED_ONLY_THROUGH_PROXY' },
      details: { failure: 'nxdomain', code: 'ENOTFOUND', via: 'proxy', proxy: proxy.url },
    });
    expect(byId['dns.resolve']?.summary).toContain(`the proxy ${proxy.url} resolves it`);
    expect(dnsServer.queries).toContain(HIDDEN_NAME);
    expect(byId['tcp.443']).toMatchObject({ status: 'warn', details: { attempts: [], tunnel: { state: 'open' } } });
    expect(byId['tcp.443']?.summary).toContain('no address to connect to directly');
    expect(byId['tls.handshake']).toMatchObject({ status: 'pass', details: { host: HIDDEN_NAME, via: 'proxy' } });
    expect(byId['tls.trust']?.status).toBe('pass');
    expect(proxy.stats.targets).toContain(`${HIDDEN_NAME}:${closed.https}`);
  }, 30_000);

  it('a firewall that drops the direct connection: tcp.443 times out directly, then warns through the proxy within the check time-out', async () => {
    const dropping = await startDroppingListener();
    const drop = await startConnectProxy({ rewrite: { [`localhost:${dropping.port}`]: `localhost:${real.https}` } });
    try {
      const { profile, secrets } = await labProfile(lab, 'lab-onprem', (p) => ({ ...p, ports: { ...closed, https: dropping.port }, proxy: { url: drop.url } }));
      const caFile = profile.tls.caFile ? readCaFile(profile.tls.caFile, 'tls.caFile') : undefined;
      const plan = selectChecks(checkPlan({ profile, secrets, timeoutMs: 3_000, ...(caFile ? { caFile } : {}) }), ['tcp.443', 'tls.handshake', 'tls.trust']);
      const report = await runChecks(plan.definitions, { target: plan.target, timeoutMs: 3_000 });
      const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
      expect(byId['tcp.443']).toMatchObject({ status: 'warn', diagnosis: { code: 'MB_REACHED_ONLY_THROUGH_PROXY' }, details: { tunnel: { state: 'open' } } });
      const attempts = byId['tcp.443']?.details.attempts as { address: string; state: string }[];
      expect(attempts.find((a) => a.address === '127.0.0.1')?.state).toBe('timeout');
      expect(byId['tls.handshake']?.status).toBe('pass');
      expect(byId['tls.trust']?.status).toBe('pass');
    } finally {
      await drop.stop();
      await dropping.close();
    }
  }, 30_000);

  it('without a proxy nothing changes: the closed ports fail and everything behind them is skipped', async () => {
    const { profile, secrets } = await proxyOnlyProfile(undefined);
    const { byId } = await runLabChecks(profile, secrets, {}, 5_000);
    expect(byId['tcp.443']).toMatchObject({ status: 'fail', diagnosis: { code: 'ECONNREFUSED' } });
    expect(byId['tcp.443']?.details).not.toHaveProperty('proxy');
    expect(byId['tls.handshake']?.status).toBe('skip');
    expect(byId['ews.endpoint']?.status).toBe('skip');
  }, 30_000);

  it('a host in proxy.noProxy is reached directly: its closed port still fails, and the details say why', async () => {
    const { profile, secrets } = await proxyOnlyProfile({ url: proxy.url, user: PROXY_USER, noProxy: ['localhost'] });
    const { byId } = await runLabChecks(profile, secrets, {}, 5_000);
    expect(byId['tcp.443']).toMatchObject({ status: 'fail', diagnosis: { code: 'ECONNREFUSED' } });
    expect(String(byId['tcp.443']?.details.proxyNote)).toContain('proxy.noProxy');
    expect(byId['tls.handshake']?.status).toBe('skip');
  }, 30_000);

  it('the proxy cannot reach the port either: tcp.443 fails with the proxy\'s refusal, not a warning', async () => {
    const plain = await startConnectProxy();
    try {
      const { profile, secrets } = await proxyOnlyProfile({ url: plain.url });
      const { byId } = await runLabChecks(profile, secrets, {}, 5_000);
      expect(byId['tcp.443']).toMatchObject({ status: 'fail', diagnosis: { code: 'MB_PROXY_TUNNEL_REFUSED' }, details: { tunnel: { state: 'failed', code: 'MB_PROXY_TUNNEL_REFUSED' } } });
      expect(byId['tls.handshake']?.status).toBe('skip');
    } finally {
      await plain.stop();
    }
  }, 30_000);

  it('a wrong proxy password: tcp.443 fails with MB_PROXY_AUTH_FAILED and its fix', async () => {
    const { profile, secrets } = await proxyOnlyProfile({ url: proxy.url, user: PROXY_USER });
    await secrets.set({ profile: 'lab-onprem', field: 'proxyPassword' }, 'not-the-password');
    const { byId } = await runLabChecks(profile as Profile, secrets, {}, 5_000);
    expect(byId['tcp.443']).toMatchObject({ status: 'fail', diagnosis: { code: 'MB_PROXY_AUTH_FAILED' } });
    expect(byId['tcp.443']?.diagnosis?.fix.join(' ')).toContain('proxyPassword');
  }, 30_000);
});
