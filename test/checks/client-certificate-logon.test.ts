// auth.credentials with a client certificate (MEM-4): the certificate is presented on the
// verified TLS connection, and a server that maps it to the sync account lets it read its
// inbox; a certificate the server does not map is refused and named as such. A loopback
// HTTPS server that requests client certificates stands in for IIS with certificate
// mapping (the lab's EWS does not model it).
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaFile } from '../../agent/checks/ca-file.js';
import { checkPlan } from '../../agent/checks/check-plan.js';
import { runChecks } from '../../agent/checks/runner.js';
import { createLabCertificates, type LabCertificates } from '../../fixtures/certs/lab-certificates.js';
import { checkReportSchema } from '../../src/checks/check-report.js';
import { validateProfile } from '../../src/profiles/validate-profile.js';
import { MemorySecretStore } from './kit/lab-checks.js';
import { closedPort } from './kit/loopback-servers.js';

let certs: LabCertificates;
let server: https.Server;
let port: number;

const GET_FOLDER_OK = '<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
  + '<m:GetFolderResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><m:ResponseMessages><m:GetFolderResponseMessage ResponseClass="Success">'
  + '<m:ResponseCode>NoError</m:ResponseCode></m:GetFolderResponseMessage></m:ResponseMessages></m:GetFolderResponse></s:Body></s:Envelope>';

beforeAll(async () => {
  certs = await createLabCertificates();
  const mapped = new X509Certificate(fs.readFileSync(certs.appClient.certFile, 'utf8')).fingerprint256;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    req.resume();
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    const known = peer?.fingerprint256 === mapped;
    const path = (req.url ?? '').toLowerCase();
    if (path.startsWith('/owa/')) { res.writeHead(302, { Location: '/owa/auth/logon.aspx' }).end(); return; }
    if (!known) { res.writeHead(401, { 'WWW-Authenticate': ['Negotiate', 'NTLM'] }).end(); return; }
    if (path.startsWith('/ews/') && req.method === 'POST') { res.writeHead(200, { 'Content-Type': 'text/xml' }).end(GET_FOLDER_OK); return; }
    if (path.startsWith('/microsoft-server-activesync') && req.method === 'OPTIONS') { res.writeHead(200, { 'MS-ASProtocolVersions': '16.1' }).end(); return; }
    res.writeHead(401, { 'WWW-Authenticate': ['Negotiate', 'NTLM'] }).end();
  };
  server = https.createServer({ cert: certs.valid.cert, key: certs.valid.key, requestCert: true, rejectUnauthorized: false }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
}, 30_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await certs.remove();
});

async function run(certificateFile: string, keyPem: string) {
  const example = JSON.parse(fs.readFileSync('docs/examples/onprem-ews-profile.json', 'utf8')) as Record<string, unknown>;
  const { profile } = validateProfile({
    ...example, name: 'cert', server: 'localhost', staff: [],
    ports: { http: await closedPort(), https: port, alternate: await closedPort() },
    tls: { systemTrustStore: true, caFile: certs.caFile },
    credentials: { kind: 'clientCertificate', certificateFile, privateKey: { secret: 'certificateKey' }, user: 'svc-mailbridge', mode: 'impersonation' },
  });
  if (!profile) throw new Error('test profile invalid');
  const secrets = new MemorySecretStore();
  await secrets.set({ profile: 'cert', field: 'certificateKey' }, keyPem);
  const plan = checkPlan({ profile, secrets, caFile: readCaFile(certs.caFile, 'tls.caFile'), timeoutMs: 5_000 });
  const report = await runChecks(plan.definitions, { target: plan.target, timeoutMs: 5_000 });
  expect(checkReportSchema.safeParse(report).error).toBeUndefined();
  return Object.fromEntries(report.checks.map((c) => [c.id, c]));
}

describe('auth.credentials with a client certificate (MEM-4)', () => {
  it('a mapped certificate logs on and reads the inbox; the key never appears in the report', async () => {
    const key = fs.readFileSync(certs.appClient.keyFile, 'utf8');
    const byId = await run(certs.appClient.certFile, key);
    expect(byId['auth.credentials']).toMatchObject({ status: 'pass', details: { authMethod: 'client certificate (MEM-4)', account: 'svc-mailbridge' } });
    expect(byId['eas.endpoint']).toMatchObject({ status: 'pass' });
    expect(JSON.stringify(byId)).not.toContain('PRIVATE KEY');
  });

  it('a certificate the server does not map is refused and named as such', async () => {
    const certFile = `${certs.dir}/unmapped-cert.pem`;
    fs.writeFileSync(certFile, certs.valid.cert);
    const byId = await run(certFile, certs.valid.key);
    expect(byId['auth.credentials']).toMatchObject({ status: 'fail', diagnosis: { code: 'MB_AUTH_LOGON_REJECTED' } });
    expect(byId['auth.credentials']?.summary).toMatch(/client certificate was not accepted/);
  });
});
