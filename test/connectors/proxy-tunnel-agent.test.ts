// The CONNECT tunnel itself (#7, EX-3), against a loopback HTTPS server of the test's own
// behind the loopback proxy: keep-alive requests share one tunnel and one socket (what NTLM
// needs), the client certificate (MEM-4) reaches the server through the tunnel, the
// host-name check still applies, noProxy goes direct, and a proxy that never answers is
// MB_PROXY_UNREACHABLE (ETIMEDOUT) within the tunnel time-out.
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sendHttpRequest } from '../../agent/connectors/transport/https-request.js';
import { createProfileAgent } from '../../agent/connectors/transport/profile-agent.js';
import { openConnectTunnel, ProxyTunnelAgent } from '../../agent/connectors/transport/proxy-tunnel-agent.js';
import type { ProxyRoute } from '../../agent/connectors/transport/proxy-route.js';
import { RoundTripCounter } from '../../agent/connectors/transport/round-trip-counter.js';
import { OperatorError } from '../../src/errors/operator-error.js';
import { createLabCertificates, type LabCertificates } from '../../fixtures/certs/lab-certificates.js';
import { startConnectProxy, type RunningConnectProxy } from '../../fixtures/proxy/connect-proxy.js';

let certs: LabCertificates;
let server: https.Server;
let port: number;
let proxy: RunningConnectProxy;
const peers: Array<string | undefined> = [];

function routeTo(p: { port: number }, extra: Partial<ProxyRoute> = {}): ProxyRoute {
  return { host: '127.0.0.1', port: p.port, noProxy: [], profile: 'test', ...extra };
}

beforeAll(async () => {
  certs = await createLabCertificates();
  server = https.createServer({ key: certs.valid.key, cert: certs.valid.cert, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const peer = (req.socket as tls.TLSSocket).getPeerCertificate();
    peers.push(peer && 'fingerprint256' in peer ? peer.fingerprint256 : undefined);
    req.resume();
    req.on('end', () => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('ok'); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  proxy = await startConnectProxy();
}, 30_000);

afterAll(async () => {
  await proxy.stop();
  await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  await certs.remove();
});

describe('ProxyTunnelAgent', () => {
  test('keep-alive requests ride one tunnel and one TLS socket; the client certificate reaches the server', async () => {
    const cert = await readFile(certs.appClient.certFile, 'utf8');
    const key = await readFile(certs.appClient.keyFile, 'utf8');
    const before = proxy.stats.tunnels;
    const agent = createProfileAgent({ ca: [certs.caPem], cert, key, proxy: routeTo(proxy) }, { maxSockets: 1 });
    expect(agent).toBeInstanceOf(ProxyTunnelAgent);
    const counter = new RoundTripCounter();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await sendHttpRequest(agent, { method: 'GET', url: `https://localhost:${port}/n${i}`, headers: {} }, counter));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.socket)).size).toBe(1);
    expect(proxy.stats.tunnels - before).toBe(1);
    expect((agent as ProxyTunnelAgent).stats.opened).toBe(1);
    expect(peers.at(-1)).toBe(new X509Certificate(cert).fingerprint256);
    agent.destroy();
  });

  test('the host-name check applies end to end: a certificate for another host is refused through the tunnel', async () => {
    const wrongHost = await certs.serverCredentials('wrong-host');
    const wrong = https.createServer({ key: wrongHost.key, cert: wrongHost.cert }, (_req, res) => { res.end('should not be reached'); });
    await new Promise<void>((resolve) => wrong.listen(0, '127.0.0.1', resolve));
    const agent = createProfileAgent({ ca: [certs.caPem], proxy: routeTo(proxy) }, { maxSockets: 1 });
    try {
      const wrongPort = (wrong.address() as AddressInfo).port;
      const error = await sendHttpRequest(agent, { method: 'GET', url: `https://localhost:${wrongPort}/`, headers: {} }, new RoundTripCounter()).then(() => null, (e: unknown) => e);
      expect((error as NodeJS.ErrnoException).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
      expect(proxy.stats.targets).toContain(`localhost:${wrongPort}`);
    } finally {
      agent.destroy();
      await new Promise<void>((resolve) => { wrong.closeAllConnections(); wrong.close(() => resolve()); });
    }
  });

  test('noProxy: the same agent connects directly', async () => {
    const before = proxy.stats.connectRequests;
    const agent = createProfileAgent({ ca: [certs.caPem], proxy: routeTo(proxy, { noProxy: ['localhost'] }) }, { maxSockets: 1 });
    const res = await sendHttpRequest(agent, { method: 'GET', url: `https://localhost:${port}/direct`, headers: {} }, new RoundTripCounter());
    expect(res.status).toBe(200);
    expect(proxy.stats.connectRequests).toBe(before);
    agent.destroy();
  });

  test('openConnectTunnel gives a socket that TLS verifies against the CA', async () => {
    const raw = await openConnectTunnel(routeTo(proxy), 'localhost', port);
    const secure = tls.connect({ socket: raw, servername: 'localhost', ca: [certs.caPem] });
    await new Promise<void>((resolve, reject) => { secure.once('secureConnect', resolve); secure.once('error', reject); });
    expect(secure.authorized).toBe(true);
    secure.destroy();
  });

  test('a proxy that accepts TCP but never answers is MB_PROXY_UNREACHABLE (ETIMEDOUT) after the tunnel time-out; its socket is closed', async () => {
    let closedByClient = false;
    // Reading (resume) lets the silent side notice the client's close.
    const silent = net.createServer((s) => { s.resume(); s.on('close', () => { closedByClient = true; }); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const error = await openConnectTunnel(routeTo(silent.address() as AddressInfo), 'localhost', port, 300).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(OperatorError);
      expect((error as OperatorError).code).toBe('MB_PROXY_UNREACHABLE');
      expect((error as OperatorError).details).toMatchObject({ socketCode: 'ETIMEDOUT' });
      expect(Date.now() - started).toBeLessThan(3_000);
      await expect.poll(() => closedByClient, { timeout: 2_000 }).toBe(true);
    } finally {
      await new Promise<void>((resolve) => { silent.close(() => resolve()); });
    }
  });
});
