/**
 * The Exchange Online checks against the lab's Entra and Graph surfaces (issue #4 "Done
 * when"): the healthy lab passes every check; each online fault switch fails the expected
 * check with its AADSTS or Graph code. One lab for the file; faults switched at run time.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { labProfile, notPassing, runLabChecks, setFaults } from './kit/lab-checks.js';
import { closedPort } from './kit/loopback-servers.js';

let lab: RunningLab;

beforeAll(async () => {
  lab = await startLab({ slow524DelayMs: 300 });
}, 60_000);

afterAll(async () => {
  await lab?.stop();
});

describe('healthy lab, Exchange Online profile', () => {
  it('every check passes; the token is decoded locally and never reported', async () => {
    await setFaults(lab, []);
    const { profile, secrets } = await labProfile(lab, 'lab-online');
    const { report, byId } = await runLabChecks(profile, secrets);
    expect(notPassing(report)).toEqual([]);
    expect(report.checks.map((c) => c.id)).toEqual(['profile.valid', 'dns.resolve', 'tcp.443', 'tls.handshake', 'tls.trust', 'tls.hostname', 'tls.validity', 'tls.signature', 'entra.token', 'entra.permissions', 'graph.mailbox']);
    expect(report.target).toMatchObject({ kind: 'online', profile: 'lab-online' });
    expect((byId['entra.token']?.details.claims as { roles: string[] }).roles).toContain('Mail.ReadWrite');
    expect(byId['entra.token']?.details.clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(byId['graph.mailbox']?.details).toMatchObject({ of: lab.document.mailboxes.length + lab.document.sharedMailboxes.length });
    const text = JSON.stringify(report);
    expect(text).not.toContain(lab.document.apps[0]?.clientSecret ?? 'no-secret');
    expect(text).not.toMatch(/eyJ[\w-]+\.eyJ/); // no JWT anywhere in the report
  }, 30_000);
});

describe('authority and Graph on different hosts', () => {
  it('dns.resolve, tcp.443 and tls.* cover both hosts, each reported in details.hosts; a Graph origin the tenant does not know fails entra.token with AADSTS500011', async () => {
    await setFaults(lab, []);
    const graphOrigin = `https://127.0.0.1:${new URL(lab.document.graph.baseUrl).port}`;
    const { profile, secrets } = await labProfile(lab, 'lab-online', (p) => ({ ...p, endpoints: { ...(p.endpoints as object), graphBaseUrl: graphOrigin } }));
    const { report, byId } = await runLabChecks(profile, secrets);
    expect(report.target).toMatchObject({ server: 'localhost', graphServer: '127.0.0.1' });
    for (const id of ['dns.resolve', 'tcp.443', 'tls.handshake', 'tls.trust', 'tls.hostname', 'tls.validity', 'tls.signature']) {
      expect((byId[id]?.details.hosts as { host: string }[]).map((h) => h.host), id).toEqual(['localhost', '127.0.0.1']);
    }
    expect(report.checks.filter((c) => c.id.startsWith('tls.') || c.id.startsWith('tcp.') || c.id === 'dns.resolve').every((c) => c.status === 'pass')).toBe(true);
    // The lab's tenant knows Graph only by its own origin, as Entra knows https://graph.microsoft.com.
    expect(byId['entra.token']).toMatchObject({ status: 'fail', diagnosis: { code: 'AADSTS500011' } });
  }, 30_000);

  it('a Graph host whose port is closed fails tcp.443 naming that host, and nothing after it runs', async () => {
    await setFaults(lab, []);
    const port = await closedPort();
    const { profile, secrets } = await labProfile(lab, 'lab-online', (p) => ({ ...p, endpoints: { ...(p.endpoints as object), graphBaseUrl: `https://127.0.0.1:${port}` } }));
    const { byId } = await runLabChecks(profile, secrets);
    expect(byId['tcp.443']).toMatchObject({ status: 'fail', diagnosis: { code: 'ECONNREFUSED' } });
    expect(byId['tcp.443']?.summary).toMatch(/^127\.0\.0\.1: /);
    expect((byId['tcp.443']?.details.hosts as { host: string; status: string }[]).map((h) => `${h.host} ${h.status}`)).toEqual(['localhost pass', '127.0.0.1 fail']);
    expect(byId['entra.token']).toMatchObject({ status: 'skip' });
  }, 30_000);
});

describe('certificate credential (MEM-4)', () => {
  it('entra.token signs a client assertion with the app certificate and gets a token', async () => {
    await setFaults(lab, []);
    const app = lab.document.apps[0]!;
    const { profile, secrets } = await labProfile(lab, 'lab-online', (p) => ({
      ...p, credentials: { kind: 'clientCertificate', certificateFile: app.certificateFile, privateKey: { secret: 'certificateKey' } },
    }));
    await secrets.set({ profile: 'lab-online', field: 'certificateKey' }, fs.readFileSync(app.certificateKeyFile!, 'utf8'));
    const { report, byId } = await runLabChecks(profile, secrets);
    expect(byId['entra.token']).toMatchObject({ status: 'pass', details: { credential: 'clientCertificate' } });
    expect(notPassing(report)).toEqual([]);
  }, 30_000);
});

const FAULT_TABLE: ReadonlyArray<{ fault: string; id: string; code: string }> = [
  { fault: 'entra-bad-secret', id: 'entra.token', code: 'AADSTS7000215' },
  { fault: 'entra-expired-secret', id: 'entra.token', code: 'AADSTS7000222' },
  { fault: 'entra-app-not-found', id: 'entra.token', code: 'AADSTS700016' },
  { fault: 'entra-tenant-not-found', id: 'entra.token', code: 'AADSTS90002' },
  { fault: 'graph-missing-permission', id: 'entra.permissions', code: 'MB_GRAPH_ROLES_MISSING' },
  { fault: 'graph-access-policy', id: 'graph.mailbox', code: 'MB_APPLICATION_ACCESS_POLICY_DENIED' },
  { fault: 'graph-mailbox-not-rest-enabled', id: 'graph.mailbox', code: 'MailboxNotEnabledForRESTAPI' },
  { fault: 'mailbox-not-found', id: 'graph.mailbox', code: 'ErrorInvalidUser' },
  { fault: 'slow-524', id: 'entra.token', code: 'HTTP_524' },
];

describe('lab faults, Exchange Online profile', () => {
  for (const row of FAULT_TABLE) {
    it(`${row.fault} → ${row.id} fail ${row.code}`, async () => {
      await setFaults(lab, [row.fault]);
      const { profile, secrets } = await labProfile(lab, 'lab-online');
      const { report, byId } = await runLabChecks(profile, secrets);
      expect(byId[row.id], notPassing(report).join('\n')).toMatchObject({ status: 'fail', diagnosis: { code: row.code } });
      expect(byId[row.id]?.diagnosis?.fix.length).toBeGreaterThan(0);
    }, 30_000);
  }

  it('graph-missing-permission names the missing roles and the features that need them', async () => {
    await setFaults(lab, ['graph-missing-permission']);
    const { profile, secrets } = await labProfile(lab, 'lab-online');
    const { byId } = await runLabChecks(profile, secrets);
    const missing = (byId['entra.permissions']?.details.missing as { role: string }[]).map((m) => m.role);
    expect(missing).toContain('Mail.Read');
    expect(byId['entra.permissions']?.diagnosis?.fix.join(' ')).toMatch(/Grant admin consent/);
    expect(byId['graph.mailbox']).toMatchObject({ status: 'skip', details: { blockedBy: 'entra.permissions' } });
  }, 30_000);

  it('graph-access-policy keeps the request ids Microsoft support asks for', async () => {
    await setFaults(lab, ['graph-access-policy']);
    const { profile, secrets } = await labProfile(lab, 'lab-online');
    const { byId } = await runLabChecks(profile, secrets);
    const first = (byId['graph.mailbox']?.details.mailboxes as { clientRequestId?: string; requestId?: string | null }[])[0];
    expect(first?.clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first?.requestId).toBeTruthy();
  }, 30_000);
});
