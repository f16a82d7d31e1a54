// The TLS checks against ordinary TLS servers on loopback (#4, EX-3): each certificate
// defect is classified with its canonical Node code, and the report validates against the
// schema. Certificates come from the project's certificate factory.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { networkChecks } from '../../agent/checks/onprem-network-checks.js';
import { runChecks, type CheckProgressEvent } from '../../agent/checks/runner.js';
import { systemResolver } from '../../agent/checks/network/host-resolver.js';
import type { NetworkTarget } from '../../agent/checks/network-target.js';
import { checkReportSchema, type CheckReport, type CheckResult } from '../../src/checks/check-report.js';
import type { IssuedCertificate } from '../../fixtures/certs/cert-factory.js';
import { createTestPki, validFor, type TestPki } from './kit/test-pki.js';
import { closedPort, startHttpServer, startSilentListener, startTlsServer, type RunningServer } from './kit/loopback-servers.js';

let pki: TestPki;
let servers: RunningServer[] = [];

beforeAll(async () => {
  pki = await createTestPki();
});

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(leaf: IssuedCertificate, chain: IssuedCertificate[], extra: { minVersion?: 'TLSv1' | 'TLSv1.2'; maxVersion?: 'TLSv1.1' | 'TLSv1.3' } = {}): Promise<number> {
  const server = await startTlsServer({ certChainPem: [leaf, ...chain].map((c) => c.certPem).join(''), keyPem: leaf.keyPem, ...extra });
  servers.push(server);
  return server.port;
}

interface Options {
  caFile?: boolean;
  http?: number;
  timeoutMs?: number;
  onProgress?: (e: CheckProgressEvent) => void;
}

/** Runs the network checks for `localhost` with 443 mapped onto `httpsPort`. */
async function check(httpsPort: number, options: Options = {}): Promise<{ report: CheckReport; byId: Record<string, CheckResult> }> {
  const target: NetworkTarget = {
    host: 'localhost',
    portMap: { 443: httpsPort, 2610: await closedPort(), 80: options.http ?? (await closedPort()) },
    resolver: systemResolver(),
    ...(options.caFile === false ? {} : { caFile: { path: 'test-root.pem', pem: pki.root.certPem } }),
  };
  const timeoutMs = options.timeoutMs ?? 5_000;
  const report = await runChecks(networkChecks(target, { checkTimeoutMs: timeoutMs }), {
    target: { server: 'localhost' },
    timeoutMs,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  expect(checkReportSchema.safeParse(report).error).toBeUndefined();
  return { report, byId: Object.fromEntries(report.checks.map((c) => [c.id, c])) };
}

describe('TLS checks against loopback servers', () => {
  it('good chain trusted only through --ca-file: everything passes, tls.trust warns that cloud services will reject it', async () => {
    const { byId } = await check(await serve(await pki.leaf(), [pki.intermediate]));
    expect(byId['tls.handshake']).toMatchObject({ status: 'pass', details: { protocol: 'TLSv1.3' } });
    expect(byId['tls.trust']).toMatchObject({ status: 'warn', diagnosis: { code: 'MB_TRUSTED_ONLY_VIA_CA_FILE', family: 'tls' }, details: { trustedBy: 'ca-file' } });
    expect(byId['tls.hostname']).toMatchObject({ status: 'pass', summary: 'localhost matches DNS:localhost' });
    expect(byId['tls.validity']?.status).toBe('pass');
    expect(byId['tls.signature']).toMatchObject({ status: 'pass' });
    expect(byId['tls.trust']?.diagnosis?.fix.length).toBeGreaterThan(0);
  });

  it('self-signed certificate → DEPTH_ZERO_SELF_SIGNED_CERT', async () => {
    const { createLeaf } = await import('../../fixtures/certs/cert-factory.js');
    const selfSigned = await createLeaf({ subject: 'CN=localhost', dnsNames: ['localhost'], validity: validFor(365), usage: 'server' });
    const { byId } = await check(await serve(selfSigned, []));
    expect(byId['tls.trust']).toMatchObject({ status: 'fail', diagnosis: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } });
  });

  it('untrusted root (no CA file), chain sent without the root → UNABLE_TO_GET_ISSUER_CERT_LOCALLY', async () => {
    const { byId } = await check(await serve(await pki.leaf(), [pki.intermediate]), { caFile: false });
    expect(byId['tls.trust']).toMatchObject({ status: 'fail', diagnosis: { code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' } });
    expect(byId['tls.trust']?.summary).toContain('mailbridge test root');
  });

  it('untrusted root sent along with the chain → SELF_SIGNED_CERT_IN_CHAIN', async () => {
    const { byId } = await check(await serve(await pki.leaf(), [pki.intermediate, pki.root]), { caFile: false });
    expect(byId['tls.trust']).toMatchObject({ status: 'fail', diagnosis: { code: 'SELF_SIGNED_CERT_IN_CHAIN' } });
  });

  it('missing intermediate (server sends only its leaf) → UNABLE_TO_VERIFY_LEAF_SIGNATURE', async () => {
    const { byId } = await check(await serve(await pki.leaf(), []));
    expect(byId['tls.trust']).toMatchObject({ status: 'fail', diagnosis: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } });
    expect(byId['tls.trust']?.summary).toContain('no intermediate');
  });

  it('wrong host → ERR_TLS_CERT_ALTNAME_INVALID from tls.hostname, trust unaffected', async () => {
    const { byId } = await check(await serve(await pki.leaf({ subject: 'CN=mail.example.test', dnsNames: ['mail.example.test'] }), [pki.intermediate]));
    expect(byId['tls.hostname']).toMatchObject({ status: 'fail', diagnosis: { code: 'ERR_TLS_CERT_ALTNAME_INVALID' } });
    expect(byId['tls.hostname']?.details).toMatchObject({ subjectAltName: ['DNS:mail.example.test'] });
    expect(byId['tls.trust']?.status).toBe('warn');
  });

  it('wildcard SAN matches one label', async () => {
    const { byId } = await check(await serve(await pki.leaf({ dnsNames: ['*.localhost', 'localhost'] }), [pki.intermediate]));
    expect(byId['tls.hostname']?.status).toBe('pass');
  });

  it('expired certificate → CERT_HAS_EXPIRED from tls.validity; the chain itself still verifies', async () => {
    const expired = await pki.leaf({ validity: { notBefore: new Date(Date.now() - 400 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) } });
    const { byId } = await check(await serve(expired, [pki.intermediate]));
    expect(byId['tls.validity']).toMatchObject({ status: 'fail', diagnosis: { code: 'CERT_HAS_EXPIRED' } });
    expect(byId['tls.trust']).toMatchObject({ status: 'warn', details: { dateError: 'CERT_HAS_EXPIRED', trustedBy: 'ca-file' } });
  });

  it('not yet valid → CERT_NOT_YET_VALID', async () => {
    const future = await pki.leaf({ validity: { notBefore: new Date(Date.now() + 10 * 86_400_000), notAfter: new Date(Date.now() + 400 * 86_400_000) } });
    const { byId } = await check(await serve(future, [pki.intermediate]));
    expect(byId['tls.validity']).toMatchObject({ status: 'fail', diagnosis: { code: 'CERT_NOT_YET_VALID' } });
  });

  it('expiring within 30 days warns; within 60 days passes with a note', async () => {
    const soon = await check(await serve(await pki.leaf({ validity: validFor(20) }), [pki.intermediate]));
    expect(soon.byId['tls.validity']).toMatchObject({ status: 'warn', diagnosis: { code: 'MB_CERT_EXPIRING_SOON' } });
    const later = await check(await serve(await pki.leaf({ validity: validFor(45) }), [pki.intermediate]));
    expect(later.byId['tls.validity']).toMatchObject({ status: 'pass', details: { note: 'expires within 60 days' } });
  });

  it('SHA-1 signature → CA_MD_TOO_WEAK from tls.trust (Node refuses it) and a tls.signature warning', async () => {
    const { byId } = await check(await serve(await pki.leaf({ hash: 'SHA-1' }), [pki.intermediate]));
    expect(byId['tls.signature']).toMatchObject({ status: 'warn', diagnosis: { code: 'MB_WEAK_SIGNATURE' } });
    expect(byId['tls.signature']?.summary).toContain('ecdsa-with-SHA1');
    expect(byId['tls.trust']).toMatchObject({ status: 'fail', diagnosis: { code: 'CA_MD_TOO_WEAK' } });
  });

  it('a free CA issuer warns (EX-3)', async () => {
    const { createCa, createLeaf } = await import('../../fixtures/certs/cert-factory.js');
    const freeCa = await createCa({ subject: "C=US, O=Let's Encrypt, CN=R10", validity: validFor(900), issuer: pki.root, pathLength: 0 });
    const leaf = await createLeaf({ subject: 'CN=localhost', dnsNames: ['localhost'], validity: validFor(80), issuer: freeCa, usage: 'server' });
    const { byId } = await check(await serve(leaf, [freeCa]));
    expect(byId['tls.trust']).toMatchObject({ status: 'warn', details: { freeCa: "Let's Encrypt", findings: ['MB_TRUSTED_ONLY_VIA_CA_FILE', 'MB_FREE_CA_ISSUER'] } });
    expect(byId['tls.trust']?.summary).toContain("Let's Encrypt, a free CA");
  });

  it('TLS 1.0/1.1 still accepted → tls.handshake warns; TLS 1.1 only → fails', async () => {
    const leaf = await pki.leaf();
    const both = await check(await serve(leaf, [pki.intermediate], { minVersion: 'TLSv1' }));
    expect(both.byId['tls.handshake']).toMatchObject({ status: 'warn', diagnosis: { code: 'MB_OLD_TLS_VERSION' }, details: { protocol: 'TLSv1.3', legacyProtocolAccepted: 'TLSv1.1' } });
    const legacyOnly = await check(await serve(leaf, [pki.intermediate], { minVersion: 'TLSv1', maxVersion: 'TLSv1.1' }));
    expect(legacyOnly.byId['tls.handshake']).toMatchObject({ status: 'fail', diagnosis: { code: 'ERR_SSL_UNSUPPORTED_PROTOCOL' } });
    expect(legacyOnly.byId['tls.trust']).toMatchObject({ status: 'skip', details: { blockedBy: 'tls.handshake' } });
  });

  it('plain HTTP on the HTTPS port is named, not a generic failure', async () => {
    const plain = await startHttpServer((_req, res) => res.end('hello'));
    servers.push(plain);
    const { byId } = await check(plain.port);
    expect(byId['tls.handshake']?.status).toBe('fail');
    expect(byId['tls.handshake']?.diagnosis?.code).toMatch(/^ERR_SSL_/);
  });

  it('a listener that never speaks TLS is bounded by the time-out and does not hold up independent checks', async () => {
    const silent = await startSilentListener();
    const redirect = await startHttpServer((req, res) => {
      res.writeHead(301, { location: `https://${req.headers.host ?? 'localhost'}/` }).end();
    });
    servers.push(silent, redirect);
    const events: CheckProgressEvent[] = [];
    const { byId } = await check(silent.port, { http: redirect.port, timeoutMs: 1_500, onProgress: (e) => events.push(e) });

    expect(byId['tcp.443']).toMatchObject({ status: 'pass' });
    expect(byId['tls.handshake']).toMatchObject({ status: 'fail', diagnosis: { code: 'ERR_TLS_HANDSHAKE_TIMEOUT' } });
    expect(byId['tls.trust']).toMatchObject({ status: 'skip', summary: 'not run: tls.handshake failed' });
    expect(byId['http.redirect']).toMatchObject({ status: 'pass' });
    // Order, not wall-clock: http.redirect started and finished while tls.handshake was still running.
    const seq = events.map((e) => `${e.type}:${e.type === 'started' ? e.id : e.result.id}`);
    const tlsStarted = seq.indexOf('started:tls.handshake');
    const tlsFinished = seq.indexOf('finished:tls.handshake');
    expect(tlsStarted).toBeGreaterThanOrEqual(0);
    expect(seq.indexOf('finished:http.redirect')).toBeGreaterThan(-1);
    expect(seq.indexOf('finished:http.redirect')).toBeLessThan(tlsFinished);
    // Bounded: the handshake check ended on its own time-out (it cannot end earlier than it).
    expect(byId['tls.handshake']?.durationMs).toBeGreaterThanOrEqual(1_400);
  });
});
