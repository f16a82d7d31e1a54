/**
 * The lab core's fault switches (#3, EX-2, EX-3, O365-6), each with the symptom a real
 * client sees: node:tls error codes for the tls-* faults (switched at run time through the
 * control endpoint, which swaps the certificate with setSecureContext), ECONNREFUSED for
 * port-443-closed, the HTTP redirect and its absence, the 524 page, and added latency.
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';

let lab: RunningLab;
let ca: string;

beforeAll(async () => {
  lab = await startLab({ slow524DelayMs: 300, latencyMs: 0 });
  ca = lab.certificates.caPem;
});
afterAll(async () => {
  await lab?.stop();
});

async function setFaults(active: string[]): Promise<void> {
  const res = await fetch(`${lab.document.control}/faults`, { method: 'POST', body: JSON.stringify({ active }) });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { active: string[] }).active).toEqual(active);
}

interface Probe { ok: boolean; code?: string; message?: string; issuer?: tls.PeerCertificate['issuer'] }

function tlsProbe(port: number, host = 'localhost'): Promise<Probe> {
  return new Promise((resolve) => {
    const socket = tls.connect({ port, host, servername: host, ca }, () => {
      const issuer = socket.getPeerCertificate().issuer;
      socket.end();
      resolve({ ok: true, issuer });
    });
    socket.on('error', (e: NodeJS.ErrnoException) => resolve({ ok: false, code: e.code ?? '', message: e.message }));
  });
}

function httpGet(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const get = url.startsWith('https:') ? https.get : http.get;
  return new Promise((resolve, reject) => {
    get(url, { ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    }).on('error', reject);
  });
}

describe('TLS faults on the on-prem listener (EX-3)', () => {
  it('serves a chain a client trusting only the lab CA accepts when no fault is on', async () => {
    await setFaults([]);
    const probe = await tlsProbe(lab.document.ews.httpsPort);
    expect(probe).toMatchObject({ ok: true });
    expect(probe.issuer?.CN).toBe('Mailbridge Lab Issuing CA 1');
  });

  const cases: Array<[string, string]> = [
    ['tls-self-signed', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['tls-expired', 'CERT_HAS_EXPIRED'],
    ['tls-not-yet-valid', 'CERT_NOT_YET_VALID'],
    ['tls-wrong-host', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['tls-missing-intermediate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    // OpenSSL 3 has no Node error name for X509_V_ERR_CA_MD_TOO_WEAK: the code is UNSPECIFIED, the message says it.
    ['tls-sha1', 'UNSPECIFIED'],
  ];
  for (const [fault, code] of cases) {
    it(`${fault} → ${code}`, async () => {
      await setFaults([fault]);
      const probe = await tlsProbe(lab.document.ews.httpsPort);
      expect(probe.ok).toBe(false);
      expect(probe.code).toBe(code);
      if (fault === 'tls-sha1') expect(probe.message).toBe('CA signature digest algorithm too weak');
      // The 2610 stand-in presents the same certificate.
      expect((await tlsProbe(lab.document.ews.altHttpsPort)).code).toBe(code);
      // The online listener keeps its valid certificate.
      expect((await tlsProbe(Number(new URL(lab.document.graph.authorityHost).port))).ok).toBe(true);
    });
  }

  it('tls-free-ca → handshake succeeds with an issuer named like a free CA', async () => {
    await setFaults(['tls-free-ca']);
    const probe = await tlsProbe(lab.document.ews.httpsPort);
    expect(probe.ok).toBe(true);
    expect(probe.issuer).toMatchObject({ O: "Let's Encrypt", CN: 'R11' });
  });

  it('switching the fault off restores the good certificate', async () => {
    await setFaults(['tls-expired']);
    expect((await tlsProbe(lab.document.ews.httpsPort)).code).toBe('CERT_HAS_EXPIRED');
    await setFaults([]);
    expect((await tlsProbe(lab.document.ews.httpsPort)).ok).toBe(true);
  });
});

describe('TLS fault given at start', () => {
  it('presents the defective certificate from the first connection', async () => {
    const other = await startLab({ faults: ['tls-not-yet-valid'] });
    try {
      const probe = await new Promise<{ code?: string }>((resolve) => {
        const s = tls.connect({ port: other.document.ews.httpsPort, host: 'localhost', servername: 'localhost', ca: other.certificates.caPem }, () => { s.end(); resolve({}); });
        s.on('error', (e: NodeJS.ErrnoException) => resolve({ code: e.code ?? '' }));
      });
      expect(probe.code).toBe('CERT_NOT_YET_VALID');
    } finally {
      await other.stop();
    }
  });
});

describe('transport faults', () => {
  it('port-443-closed → ECONNREFUSED on the 443-role port, service on the 2610 stand-in (EX-2)', async () => {
    await setFaults(['port-443-closed']);
    const refused = await tlsProbe(lab.document.ews.httpsPort);
    expect(refused).toMatchObject({ ok: false, code: 'ECONNREFUSED' });
    expect((await tlsProbe(lab.document.ews.altHttpsPort)).ok).toBe(true);
    await setFaults([]);
    expect((await tlsProbe(lab.document.ews.httpsPort)).ok).toBe(true);
  });

  it('HTTP redirects to HTTPS with 301; http-no-redirect → 200 without Location', async () => {
    await setFaults([]);
    const redirect = await httpGet(`http://localhost:${lab.document.ews.httpPort}/EWS/Exchange.asmx`);
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe(lab.document.ews.url);
    await setFaults(['http-no-redirect']);
    const plain = await httpGet(`http://localhost:${lab.document.ews.httpPort}/EWS/Exchange.asmx`);
    expect(plain.status).toBe(200);
    expect(plain.headers.location).toBeUndefined();
    await setFaults([]);
  });

  it('slow-524 → HTTP 524 with a Cloudflare-like page after the delay, on both listeners (O365-6)', async () => {
    await setFaults(['slow-524']);
    for (const url of [lab.document.ews.url, `${lab.document.graph.baseUrl}/users`]) {
      const started = Date.now();
      const res = await httpGet(url);
      expect(res.status).toBe(524);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(res.headers.server).toBe('cloudflare');
      expect(res.body).toContain('524: A timeout occurred');
    }
    await setFaults([]);
  });

  it('latency delays every response', async () => {
    await setFaults([]);
    let started = Date.now();
    await httpGet(`${lab.document.ews.url}-no-such-path`);
    const fast = Date.now() - started;
    await setFaults(['latency']);
    started = Date.now();
    const res = await httpGet(`${lab.document.ews.url}-no-such-path`);
    expect(res.status).toBe(404);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(fast).toBeLessThan(240);
    await setFaults([]);
  });
});
