// The EWS transport (ProfileXhrApi) on a plain loopback TLS server of the test's own:
// a client certificate from the profile is presented in the handshake (MEM-4) and no
// Authorization header is sent with it; Basic sends our header, never the library's; a
// non-200 answer rejects with the XMLHttpRequest-shaped object the library reads.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ProfileXhrApi } from '../../agent/connectors/ews/profile-xhr-api.js';
import { RoundTripCounter } from '../../agent/connectors/transport/round-trip-counter.js';
import { createLabCertificates, type LabCertificates } from '../../fixtures/certs/lab-certificates.js';

interface Seen { authorization: string | undefined; peerFingerprint: string | undefined }

let certs: LabCertificates;
let server: https.Server;
let url: string;
const seen: Seen[] = [];

beforeAll(async () => {
  certs = await createLabCertificates();
  server = https.createServer({ key: certs.valid.key, cert: certs.valid.cert, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    seen.push({ authorization: req.headers.authorization, peerFingerprint: peer && 'fingerprint256' in peer ? peer.fingerprint256 : undefined });
    req.resume();
    req.on('end', () => {
      if (req.url === '/fail') { res.writeHead(500, { 'content-type': 'text/xml' }); res.end('<fault/>'); return; }
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end('<ok/>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://localhost:${(server.address() as AddressInfo).port}`;
}, 30_000);

afterAll(async () => {
  await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  await certs.remove();
});

describe('ProfileXhrApi', () => {
  test('client certificate logon presents the profile certificate and sends no Authorization', async () => {
    const cert = await readFile(certs.appClient.certFile, 'utf8');
    const key = await readFile(certs.appClient.keyFile, 'utf8');
    const counter = new RoundTripCounter();
    const xhr = new ProfileXhrApi({ tls: { ca: [certs.caPem], cert, key }, auth: { kind: 'certificate' }, counter });
    const res = await xhr.xhr({ url: `${url}/EWS/Exchange.asmx`, type: 'POST', data: '<soap/>', headers: { Authorization: 'Basic bGlicmFyeTp4' } });
    expect(res.status).toBe(200);
    expect(res.responseText).toBe('<ok/>');
    const last = seen.at(-1);
    expect(last?.peerFingerprint).toBe(new X509Certificate(cert).fingerprint256);
    expect(last?.authorization).toBeUndefined();
    expect(counter.value).toBe(1);
    xhr.disconnect();
  });

  test('Basic sends the profile account, never the header the library built', async () => {
    const xhr = new ProfileXhrApi({ tls: { ca: [certs.caPem] }, auth: { kind: 'basic', user: 'svc', domain: 'LAB', password: 'pw' }, counter: new RoundTripCounter() });
    await xhr.xhr({ url: `${url}/EWS/Exchange.asmx`, type: 'POST', data: '<soap/>', headers: { Authorization: 'Basic bGlicmFyeTp4' } });
    expect(seen.at(-1)?.authorization).toBe(`Basic ${Buffer.from('LAB\\svc:pw').toString('base64')}`);
    expect(seen.at(-1)?.peerFingerprint).toBeUndefined();
    const failure = await xhr.xhr({ url: `${url}/fail`, type: 'POST', data: '<soap/>' }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ status: 500, responseText: '<fault/>' });
    xhr.disconnect();
  });

  test('without the CA the server certificate is refused', async () => {
    const xhr = new ProfileXhrApi({ tls: {}, auth: { kind: 'certificate' }, counter: new RoundTripCounter() });
    await expect(xhr.xhr({ url: `${url}/EWS/Exchange.asmx`, type: 'POST', data: '<soap/>' })).rejects.toMatchObject({ code: expect.stringMatching(/^(UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_VERIFY_LEAF_SIGNATURE)$/) });
    xhr.disconnect();
  });
});
