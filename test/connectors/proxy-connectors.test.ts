// The connectors through an outbound HTTP proxy (#7, EX-2, EX-3, AG-5): a real CONNECT
// proxy on loopback (fixtures/proxy) between the connectors and the lab. EWS with NTLM
// reuses its tunnels (NTLM authenticates a connection), TLS runs end to end so only the
// profile's CA makes the lab trusted, Graph (MSAL token + Graph calls) tunnels too, and a
// refused proxy sign-in or an unreachable proxy is a typed error naming the fix.
import net, { type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ConnectorError } from '../../agent/connectors/connector-errors.js';
import { createEwsConnector } from '../../agent/connectors/ews/create-ews-connector.js';
import { createGraphConnector } from '../../agent/connectors/graph/create-graph-connector.js';
import type { Connector } from '../../agent/connectors/connector.js';
import { OperatorError } from '../../src/errors/operator-error.js';
import type { OnlineProfile, OnpremProfile } from '../../src/profiles/profile-schema.js';
import { startConnectProxy, type RunningConnectProxy } from '../../fixtures/proxy/connect-proxy.js';
import { startConnectorLab, type ConnectorLab } from './connector-lab.js';

let env: ConnectorLab;
let open: Connector[] = [];
const proxies: RunningConnectProxy[] = [];

const PROXY_USER = 'svc-proxy';
const PROXY_PASSWORD = 'Pr0xy-pass-7f3a';

async function proxy(options: Parameters<typeof startConnectProxy>[0] = {}): Promise<RunningConnectProxy> {
  const p = await startConnectProxy(options);
  proxies.push(p);
  return p;
}

function viaProxy<P extends OnpremProfile | OnlineProfile>(profile: P, url: string, extra: Partial<NonNullable<P['proxy']>> = {}): P {
  return { ...structuredClone(profile), proxy: { url, noProxy: [], ...extra } };
}

async function track<C extends Connector>(c: Promise<C>): Promise<C> {
  const connector = await c;
  open.push(connector);
  return connector;
}

async function rejection(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  env = await startConnectorLab();
  await env.secrets.set({ profile: 'lab-onprem', field: 'proxyPassword' }, PROXY_PASSWORD);
  await env.secrets.set({ profile: 'lab-online', field: 'proxyPassword' }, PROXY_PASSWORD);
}, 60_000);

afterEach(async () => {
  for (const c of open) await c.close();
  open = [];
});

afterAll(async () => {
  for (const p of proxies) await p.stop();
  await env?.stop();
});

describe('EWS connector through a CONNECT proxy', () => {
  test('NTLM works through the tunnel and keeps reusing it (one tunnel per pooled connection)', async () => {
    const p = await proxy();
    expect(env.onprem.credentials).toMatchObject({ kind: 'password', authMethod: 'ntlm' });
    const c = await track(createEwsConnector(viaProxy(env.onprem, p.url), env.secrets, { maxConnections: 1 }));
    const mailboxes = env.lab.document.mailboxes.slice(0, 3);
    expect(mailboxes.length).toBe(3);
    for (const mailbox of mailboxes) expect((await c.listFolders(mailbox)).map((f) => f.path)).toContain('Inbox');
    const trips = c.stats().roundTrips;
    // The NTLM handshake (2 requests) happened once; every later request rode the same tunnel.
    expect(trips).toBeGreaterThanOrEqual(4);
    expect(p.stats.tunnels).toBe(1);
    expect(p.stats.targets).toEqual([`localhost:${env.onprem.ports.https}`]);
    expect(p.stats.plainRequests).toBe(0);
  });

  test('TLS is end to end: without the profile CA the lab certificate is refused through the proxy too', async () => {
    const p = await proxy();
    const untrusting = viaProxy(env.onprem, p.url);
    untrusting.tls = { systemTrustStore: true };
    const c = await track(createEwsConnector(untrusting, env.secrets));
    const error = await rejection(() => c.listFolders(env.lab.document.mailboxes[0] as string));
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).family).toBe('tls');
    expect((error as ConnectorError).code).toMatch(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/);
    expect(p.stats.tunnels).toBeGreaterThanOrEqual(1);
  });

  test('proxy sign-in: the right password from the secret store opens the tunnel', async () => {
    const p = await proxy({ requireAuth: { user: PROXY_USER, password: PROXY_PASSWORD } });
    const c = await track(createEwsConnector(viaProxy(env.onprem, p.url, { user: PROXY_USER }), env.secrets));
    expect((await c.listFolders(env.lab.document.mailboxes[0] as string)).length).toBeGreaterThan(0);
    expect(p.stats.authRefused).toBe(0);
    expect(p.stats.tunnels).toBeGreaterThanOrEqual(1);
  });

  test('a wrong proxy password is MB_PROXY_AUTH_FAILED, and the fix names the secret to set again', async () => {
    const p = await proxy({ requireAuth: { user: PROXY_USER, password: 'something-else' } });
    const c = await track(createEwsConnector(viaProxy(env.onprem, p.url, { user: PROXY_USER }), env.secrets));
    const error = await rejection(() => c.listFolders(env.lab.document.mailboxes[0] as string));
    expect(error).toBeInstanceOf(ConnectorError);
    const e = error as ConnectorError;
    expect(e.code).toBe('MB_PROXY_AUTH_FAILED');
    expect(e.family).toBe('http-auth');
    expect(e.fix.join('\n')).toContain('mailbridge secrets set lab-onprem proxyPassword --stdin');
    expect(JSON.stringify(e.toJSON())).not.toContain(PROXY_PASSWORD);
    expect(e.message).not.toContain(PROXY_PASSWORD);
    expect(p.stats.authRefused).toBeGreaterThanOrEqual(1);
    expect(p.stats.tunnels).toBe(0);
  });

  test('a proxy that needs a sign-in the profile does not give: MB_PROXY_AUTH_FAILED asking for proxy.user', async () => {
    const p = await proxy({ requireAuth: { user: PROXY_USER, password: PROXY_PASSWORD } });
    const c = await track(createEwsConnector(viaProxy(env.onprem, p.url), env.secrets));
    const e = await rejection(() => c.listFolders(env.lab.document.mailboxes[0] as string)) as ConnectorError;
    expect(e.code).toBe('MB_PROXY_AUTH_FAILED');
    expect(e.fix.join('\n')).toContain('proxy.user');
  });

  test('a proxy user whose password is not stored is refused before any connection (MB_SECRET_MISSING)', async () => {
    const error = await rejection(() => createEwsConnector(viaProxy(env.onprem, 'http://127.0.0.1:9', { user: PROXY_USER, password: { secret: 'otherProxyPassword' } }), env.secrets));
    expect(error).toBeInstanceOf(OperatorError);
    expect((error as OperatorError).code).toBe('MB_SECRET_MISSING');
    expect((error as OperatorError).fix.join('\n')).toContain('mailbridge secrets set lab-onprem otherProxyPassword --stdin');
  });

  test('an unreachable proxy is MB_PROXY_UNREACHABLE with the socket code', async () => {
    const port = await closedPort();
    const c = await track(createEwsConnector(viaProxy(env.onprem, `http://127.0.0.1:${port}`), env.secrets));
    const e = await rejection(() => c.listFolders(env.lab.document.mailboxes[0] as string)) as ConnectorError;
    expect(e).toBeInstanceOf(ConnectorError);
    expect(e.code).toBe('MB_PROXY_UNREACHABLE');
    expect(e.family).toBe('tcp');
    expect(e.message).toContain(`127.0.0.1:${port}`);
    expect(e.message).toContain('ECONNREFUSED');
    expect(e.fix.join('\n')).toContain('proxy.noProxy');
  });

  test('a refused tunnel (403) is MB_PROXY_TUNNEL_REFUSED', async () => {
    const p = await proxy({ refuseWith: 403 });
    const c = await track(createEwsConnector(viaProxy(env.onprem, p.url), env.secrets));
    const e = await rejection(() => c.listFolders(env.lab.document.mailboxes[0] as string)) as ConnectorError;
    expect(e.code).toBe('MB_PROXY_TUNNEL_REFUSED');
    expect(e.message).toContain('403');
  });

  test('noProxy hosts connect directly', async () => {
    const p = await proxy();
    const c = await track(createEwsConnector(viaProxy(env.onprem, p.url, { noProxy: ['localhost'] }), env.secrets));
    expect((await c.listFolders(env.lab.document.mailboxes[0] as string)).length).toBeGreaterThan(0);
    expect(p.stats.connectRequests).toBe(0);
  });
});

describe('Graph connector through a CONNECT proxy', () => {
  test('the MSAL token request and the Graph calls both tunnel; the Graph tunnels are reused', async () => {
    const p = await proxy({ requireAuth: { user: PROXY_USER, password: PROXY_PASSWORD } });
    const c = await track(createGraphConnector(viaProxy(env.online, p.url, { user: PROXY_USER }), env.secrets, { maxConnections: 1 }));
    const mailbox = env.lab.document.mailboxes[0] as string;
    expect((await c.listFolders(mailbox)).map((f) => f.path)).toContain('Inbox');
    await c.discoverMailboxes();
    const authority = new URL(env.online.endpoints.authorityHost);
    const graph = new URL(env.online.endpoints.graphBaseUrl);
    const targets = new Set(p.stats.targets);
    expect(targets).toContain(`${authority.hostname}:${authority.port || 443}`);
    expect(targets).toContain(`${graph.hostname}:${graph.port || 443}`);
    // One pooled socket: MSAL and Graph may share a host, but requests far outnumber tunnels.
    expect(c.stats().roundTrips).toBeGreaterThan(p.stats.tunnels);
    expect(p.stats.authRefused).toBe(0);
  });

  test('a wrong proxy password fails the token request as MB_PROXY_AUTH_FAILED', async () => {
    const p = await proxy({ requireAuth: { user: PROXY_USER, password: 'not-the-stored-one' } });
    const c = await track(createGraphConnector(viaProxy(env.online, p.url, { user: PROXY_USER }), env.secrets));
    const e = await rejection(() => c.listFolders(env.lab.document.mailboxes[0] as string)) as ConnectorError;
    expect(e).toBeInstanceOf(ConnectorError);
    expect(e.code).toBe('MB_PROXY_AUTH_FAILED');
    expect(e.fix.join('\n')).toContain('mailbridge secrets set lab-online proxyPassword --stdin');
  });

  test('an unreachable proxy is MB_PROXY_UNREACHABLE', async () => {
    const port = await closedPort();
    const c = await track(createGraphConnector(viaProxy(env.online, `http://127.0.0.1:${port}`), env.secrets));
    const e = await rejection(() => c.listFolders(env.lab.document.mailboxes[0] as string)) as ConnectorError;
    expect(e.code).toBe('MB_PROXY_UNREACHABLE');
  });
});
