// The TLS checks against ordinary TLS servers on loopback (#4, EX-3): each certificate
// defect is classified with its canonical Node code, and the report validates against the
// schema. Certificates: the lab's certificate set (fixtures/certs), served by plain
// node:tls servers started here — not the lab.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { networkChecks } from '../../agent/checks/onprem-network-checks.js';
import { runChecks, type CheckProgressEvent } from '../../agent/checks/runner.js';
import { systemResolver } from '../../agent/checks/network/host-resolver.js';
import type { NetworkTarget } from '../../agent/checks/network-target.js';
import { checkReportSchema, type CheckReport, type CheckResult } from '../../src/checks/check-report.js';
import { createLeaf, type LeafOptions } from '../../fixtures/certs/cert-factory.js';
import { createLabCertificates, type LabCertificates, type ServerCertVariant } from '../../fixtures/certs/lab-certificates.js';
import { closedPort, startHttpServer, startSilentListener, startTlsServer, type RunningServer } from './kit/loopback-servers.js';

const DAY = 86_400_000;
let lab: LabCertificates;
let servers: RunningServer[] = [];

beforeAll(async () => {
  lab = await createLabCertificates();
});

afterAll(async () => {
  await lab.remove();
});

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

interface ServeOptions {
  minVersion?: 'TLSv1' | 'TLSv1.2';
  maxVersion?: 'TLSv1.1' | 'TLSv1.3';
  /** Also send the root certificate (servers that send the whole chain). */
  withRoot?: boolean;
}

async function serveChain(certChainPem: string, keyPem: string, options: ServeOptions = {}): Promise<number> {
  const server = await startTlsServer({
    certChainPem: options.withRoot ? certChainPem + lab.root.certPem : certChainPem,
    keyPem,
    ...(options.minVersion ? { minVersion: options.minVersion } : {}),
    ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
  });
  servers.push(server);
  return server.port;
}

async function serve(variant: ServerCertVariant, options: ServeOptions = {}): Promise<number> {
  const credentials = await lab.serverCredentials(variant);
  return serveChain(credentials.cert, credentials.key, options);
}

/** A `localhost` leaf from the lab's intermediate with one property changed. */
async function serveLeaf(overrides: Partial<LeafOptions>): Promise<number> {
  const leaf = await createLeaf({ subject: 'CN=localhost', dnsNames: ['localhost'], validity: { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 365 * DAY) }, issuer: lab.intermediate, usage: 'server', ...overrides });
  return serveChain(leaf.certPem + lab.intermediate.certPem, leaf.keyPem);
}

function validFor(days: number): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + days * DAY) };
}

interface Options {
  host?: string;
  caFile?: boolean;
  /** The CA file comes from the profile's tls.caFile (a deliberate internal PKI), not --ca-file. */
  profileCa?: boolean;
  http?: number;
  timeoutMs?: number;
  onProgress?: (e: CheckProgressEvent) => void;
}

/** Runs the network checks for `localhost` with 443 mapped onto `httpsPort`. */
async function check(httpsPort: number, options: Options = {}): Promise<{ report: CheckReport; byId: Record<string, CheckResult> }> {
  const target: NetworkTarget = {
    host: options.host ?? 'localhost',
    portMap: { 443: httpsPort, 2610: await closedPort(), 80: options.http ?? (await closedPort()) },
    resolver: systemResolver(),
    ...(options.caFile === false ? {} : { caFile: { path: lab.caFile, pem: lab.caPem, origin: options.profileCa ? 'profile' as const : 'ad-hoc' as const } }),
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
  it("good chain trusted through the profile's tls.caFile: tls.trust passes, noting that cloud services would reject it", async () => {
    const { report, byId } = await check(await serve('valid'), { profileCa: true });
    expect(byId['tls.trust']).toMatchObject({ status: 'pass', diagnosis: null, details: { trustedBy: 'ca-file' } });
    expect(byId['tls.trust']?.summary).toMatch(/cloud services connecting directly would reject/);
    expect(byId['tls.trust']?.details.note).toMatch(/profile's CA file/);
    expect(report.checks.filter((c) => c.id.startsWith('tls.')).every((c) => c.status === 'pass')).toBe(true);
  });

  it('good chain trusted only through --ca-file: everything passes, tls.trust warns that cloud services will reject it', async () => {
    const { byId } = await check(await serve('valid'));
    expect(byId['tls.handshake']).toMatchObject({ status: 'pass', details: { protocol: 'TLSv1.3' } });
    expect(byId['tls.trust']).toMatchObject({ status: 'warn', diagnosis: { code: 'MB_TRUSTED_ONLY_VIA_CA_FILE', family: 'tls' }, details: { trustedBy: 'ca-file' } });
    expect(byId['tls.hostname']).toMatchObject({ status: 'pass', summary: 'localhost matches DNS:localhost' });
    expect(byId['tls.validity']?.status).toBe('pass');
    expect(byId['tls.signature']).toMatchObject({ status: 'pass', summary: 'ecdsa-with-SHA256, ec prime256v1' });
    expect(byId['tls.trust']?.diagnosis?.fix.length).toBeGreaterThan(0);
  });

  it('self-signed certificate → DEPTH_ZERO_SELF_SIGNED_CERT', async () => {
    const { byId } = await check(await serve('self-signed'));
    expect(byId['tls.trust']).toMatchObject({ status: 'fail', diagnosis: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } });
  });

  it('untrusted root (no CA file), chain sent without the root → UNABLE_TO_GET_ISSUER_CERT_LOCALLY', async () => {
    const { byId } = await check(await serve('valid'), { caFile: false });
    expect(byId['tls.trust']).toMatchObject({ status: 'fail', diagnosis: { code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' } });
    expect(byId['tls.trust']?.summary).toContain('Mailbridge Lab Root CA');
  });

  it('untrusted root sent along with the chain → SELF_SIGNED_CERT_IN_CHAIN', async () => {
    const { byId } = await check(await serve('valid', { withRoot: true }), { caFile: false });
    expect(byId['tls.trust']).toMatchObject({ status: 'fail', diagnosis: { code: 'SELF_SIGNED_CERT_IN_CHAIN' } });
  });

  it('missing intermediate (server sends only its leaf) → UNABLE_TO_VERIFY_LEAF_SIGNATURE', async () => {
    const { byId } = await check(await serve('missing-intermediate'));
    expect(byId['tls.trust']).toMatchObject({ status: 'fail', diagnosis: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } });
    expect(byId['tls.trust']?.summary).toContain('no intermediate');
  });

  it('wrong host → ERR_TLS_CERT_ALTNAME_INVALID from tls.hostname, trust unaffected', async () => {
    const { byId } = await check(await serve('wrong-host'));
    expect(byId['tls.hostname']).toMatchObject({ status: 'fail', diagnosis: { code: 'ERR_TLS_CERT_ALTNAME_INVALID' } });
    expect(byId['tls.hostname']?.details).toMatchObject({ subjectAltName: ['DNS:exchange.other-org.test'] });
    expect(byId['tls.trust']?.status).toBe('warn');
  });

  it('wildcard SAN: matches exactly one left-most label (RFC 6125 rules as Node applies them)', async () => {
    const port = await serveLeaf({ subject: 'CN=*.mail.localhost', dnsNames: ['*.mail.localhost'] });
    const one = await check(port, { host: 'ews.mail.localhost' });
    expect(one.byId['tls.hostname']).toMatchObject({ status: 'pass', summary: 'ews.mail.localhost matches DNS:*.mail.localhost (wildcard)' });
    const two = await check(port, { host: 'a.ews.mail.localhost' });
    expect(two.byId['tls.hostname']).toMatchObject({ status: 'fail', diagnosis: { code: 'ERR_TLS_CERT_ALTNAME_INVALID' } });
    const bare = await check(port, { host: 'mail.localhost' });
    expect(bare.byId['tls.hostname']?.status).toBe('fail');
  });

  it('expired certificate → CERT_HAS_EXPIRED from tls.validity; the chain itself still verifies', async () => {
    const { byId } = await check(await serve('expired'));
    expect(byId['tls.validity']).toMatchObject({ status: 'fail', diagnosis: { code: 'CERT_HAS_EXPIRED' } });
    expect(byId['tls.trust']).toMatchObject({ status: 'warn', details: { dateError: 'CERT_HAS_EXPIRED', trustedBy: 'ca-file' } });
  });

  it('not yet valid → CERT_NOT_YET_VALID', async () => {
    const { byId } = await check(await serve('not-yet-valid'));
    expect(byId['tls.validity']).toMatchObject({ status: 'fail', diagnosis: { code: 'CERT_NOT_YET_VALID' } });
  });

  it('expiring within 30 days warns; within 60 days passes with a note', async () => {
    const soon = await check(await serveLeaf({ validity: validFor(20) }));
    expect(soon.byId['tls.validity']).toMatchObject({ status: 'warn', diagnosis: { code: 'MB_CERT_EXPIRING_SOON' } });
    const later = await check(await serveLeaf({ validity: validFor(45) }));
    expect(later.byId['tls.validity']).toMatchObject({ status: 'pass', details: { note: 'expires within 60 days' } });
  });

  it('SHA-1 signature → CA_MD_TOO_WEAK from tls.trust (Node refuses it) and a tls.signature warning', async () => {
    const { byId } = await check(await serve('sha1'));
    expect(byId['tls.signature']).toMatchObject({ status: 'warn', diagnosis: { code: 'MB_WEAK_SIGNATURE' } });
    expect(byId['tls.signature']?.summary).toContain('ecdsa-with-SHA1');
    expect(byId['tls.trust']).toMatchObject({ status: 'fail', diagnosis: { code: 'CA_MD_TOO_WEAK' } });
  });

  it('an RSA key under 2048 bits → tls.signature warns MB_WEAK_KEY', async () => {
    const { webcrypto } = await import('node:crypto');
    const keys = (await webcrypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as unknown as NonNullable<LeafOptions['keys']>;
    const { byId } = await check(await serveLeaf({ keys }));
    expect(byId['tls.signature']).toMatchObject({ status: 'warn', diagnosis: { code: 'MB_WEAK_KEY' } });
    expect(byId['tls.signature']?.summary).toContain('RSA key of 1024 bits');
  });

  it('a free CA issuer warns (EX-3)', async () => {
    const { byId } = await check(await serve('free-ca'));
    expect(byId['tls.trust']).toMatchObject({ status: 'warn', details: { freeCa: "Let's Encrypt", findings: ['MB_TRUSTED_ONLY_VIA_CA_FILE', 'MB_FREE_CA_ISSUER'] } });
    expect(byId['tls.trust']?.summary).toContain("Let's Encrypt, a free CA");
  });

  it('TLS 1.0/1.1 still accepted → tls.handshake warns; TLS 1.1 only → fails', async () => {
    const both = await check(await serve('valid', { minVersion: 'TLSv1' }));
    expect(both.byId['tls.handshake']).toMatchObject({ status: 'warn', diagnosis: { code: 'MB_OLD_TLS_VERSION' }, details: { protocol: 'TLSv1.3', legacyProtocolAccepted: 'TLSv1.1' } });
    const legacyOnly = await check(await serve('valid', { minVersion: 'TLSv1', maxVersion: 'TLSv1.1' }));
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
