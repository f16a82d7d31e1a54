// The checks with a profile proxy against the lab (#7, EX-2, AG-2): the HTTP checks (EWS,
// OWA, EAS, Autodiscover, auth.*, entra.*, graph.*) and the TLS probe go through the loopback
// CONNECT proxy as the sync does — NTLM and the Entra token included — while dns/tcp probe
// the server directly; a wrong proxy password fails tls.handshake, the first check to use the
// tunnel, with MB_PROXY_AUTH_FAILED and its fix, and the HTTP checks wait behind it (#4).
// A server reachable only through the proxy: proxy-only-lab-checks.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { startConnectProxy, type RunningConnectProxy } from '../../fixtures/proxy/connect-proxy.js';
import { labProfile, notPassing, runLabChecks, setFaults } from './kit/lab-checks.js';

const PROXY_USER = 'svc-proxy';
const PROXY_PASSWORD = 'Checks-proxy-9b2e';

let lab: RunningLab;
let proxy: RunningConnectProxy;

beforeAll(async () => {
  lab = await startLab();
  proxy = await startConnectProxy({ requireAuth: { user: PROXY_USER, password: PROXY_PASSWORD } });
}, 60_000);

afterAll(async () => {
  await proxy?.stop();
  await lab?.stop();
});

async function withProxy(name: 'lab-onprem' | 'lab-online', password: string | undefined) {
  const { profile, secrets } = await labProfile(lab, name, (p) => ({ ...p, proxy: { url: proxy.url, user: PROXY_USER } }));
  if (password !== undefined) await secrets.set({ profile: name, field: 'proxyPassword' }, password);
  return { profile, secrets };
}

describe('checks with a profile proxy', () => {
  it('on-premises: every check passes; the TLS probe and the HTTP checks tunnel through the proxy, the port checks name it', async () => {
    await setFaults(lab, []);
    const before = proxy.stats.tunnels;
    const { profile, secrets } = await withProxy('lab-onprem', PROXY_PASSWORD);
    const { report, byId } = await runLabChecks(profile, secrets, {}, 10_000);
    expect(notPassing(report)).toEqual([]);
    expect(proxy.stats.tunnels - before).toBeGreaterThanOrEqual(4);
    expect(proxy.stats.targets).toContain(`localhost:${profile.kind === 'exchange-onprem' ? profile.ports.https : 0}`);
    expect(byId['tcp.443']?.details).toMatchObject({ proxy: proxy.url });
    expect(byId['tls.handshake']?.details).toMatchObject({ via: 'proxy', proxy: proxy.url });
    expect(JSON.stringify(report)).not.toContain(PROXY_PASSWORD);
  }, 30_000);

  it('on-premises: a wrong proxy password fails tls.handshake (through the tunnel) with MB_PROXY_AUTH_FAILED; the HTTP checks wait behind it', async () => {
    const refusedBefore = proxy.stats.authRefused;
    const { profile, secrets } = await withProxy('lab-onprem', 'wrong-one');
    const { byId } = await runLabChecks(profile, secrets, {}, 10_000);
    expect(byId['tcp.443']?.status).toBe('pass');
    expect(byId['tls.handshake']).toMatchObject({ status: 'fail', diagnosis: { code: 'MB_PROXY_AUTH_FAILED', family: 'http-auth' }, details: { via: 'proxy' } });
    expect(byId['tls.handshake']?.diagnosis?.fix.join(' ')).toContain('proxyPassword');
    for (const id of ['ews.endpoint', 'owa.endpoint', 'auth.credentials']) {
      expect(byId[id], id).toMatchObject({ status: 'skip', details: { rootCause: 'tls.handshake' } });
    }
    expect(proxy.stats.authRefused).toBeGreaterThan(refusedBefore);
  }, 30_000);

  it('on-premises: a proxy password that was never stored is named, not a crash', async () => {
    const { profile, secrets } = await withProxy('lab-onprem', undefined);
    const { byId } = await runLabChecks(profile, secrets, {}, 10_000);
    expect(byId['tls.handshake']).toMatchObject({ status: 'fail', diagnosis: { code: 'MB_SECRET_MISSING' } });
  }, 30_000);

  it('online: the Entra token and the Graph mailbox checks pass through the proxy', async () => {
    const before = new Set(proxy.stats.targets).size;
    const { profile, secrets } = await withProxy('lab-online', PROXY_PASSWORD);
    const { report, byId } = await runLabChecks(profile, secrets, {}, 10_000);
    expect(notPassing(report).filter((line) => !line.startsWith('profile.valid'))).toEqual([]);
    expect(byId['entra.token']?.status).toBe('pass');
    expect(byId['graph.mailbox']?.status).toBe('pass');
    expect(profile.kind).toBe('exchange-online');
    if (profile.kind !== 'exchange-online') return;
    const authority = new URL(profile.endpoints.authorityHost);
    expect(proxy.stats.targets).toContain(`${authority.hostname}:${authority.port}`);
    expect(new Set(proxy.stats.targets).size).toBeGreaterThanOrEqual(before);
  }, 30_000);
});
