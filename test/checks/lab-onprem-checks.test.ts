/**
 * The on-premises checks against the lab (issue #4 "Done when"): the healthy lab passes
 * every check, and each fault switch that affects connectivity or credentials makes the
 * expected check fail (or warn) with the expected diagnosis code. One lab for the file;
 * faults switched through the control endpoint between runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { labProfile, notPassing, runLabChecks, setFaults } from './kit/lab-checks.js';

let lab: RunningLab;

beforeAll(async () => {
  lab = await startLab({ slow524DelayMs: 300 });
}, 60_000);

afterAll(async () => {
  await lab?.stop();
});

describe('healthy lab, on-premises profile', () => {
  it('every check passes', async () => {
    await setFaults(lab, []);
    const { profile, secrets } = await labProfile(lab, 'lab-onprem');
    const { report, byId } = await runLabChecks(profile, secrets);
    expect(notPassing(report)).toEqual([]);
    expect(byId['ews.endpoint']?.details.authSchemes).toEqual(['Negotiate', 'NTLM', 'Basic']);
    expect(byId['eas.endpoint']?.details.protocolVersions).toContain('16.1');
    expect(byId['autodiscover']?.summary).toMatch(/configured server answered/);
    const enabled = lab.document.mailboxes.length;
    expect(byId['auth.impersonation']?.details).toMatchObject({ tested: Math.min(5, enabled), enabled, sampled: enabled > 5 });
    expect(JSON.stringify(report)).not.toContain(lab.document.accounts[0]?.password ?? 'no-password');
  }, 30_000);
});

/** fault → the check it breaks, that check's status and its diagnosis code. */
const FAULT_TABLE: ReadonlyArray<{ fault: string; id: string; status: 'fail' | 'warn'; code: string }> = [
  { fault: 'tls-self-signed', id: 'tls.trust', status: 'fail', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
  { fault: 'tls-expired', id: 'tls.validity', status: 'fail', code: 'CERT_HAS_EXPIRED' },
  { fault: 'tls-not-yet-valid', id: 'tls.validity', status: 'fail', code: 'CERT_NOT_YET_VALID' },
  { fault: 'tls-wrong-host', id: 'tls.hostname', status: 'fail', code: 'ERR_TLS_CERT_ALTNAME_INVALID' },
  { fault: 'tls-missing-intermediate', id: 'tls.trust', status: 'fail', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
  { fault: 'tls-sha1', id: 'tls.trust', status: 'fail', code: 'CA_MD_TOO_WEAK' },
  { fault: 'tls-free-ca', id: 'tls.trust', status: 'warn', code: 'MB_FREE_CA_ISSUER' },
  { fault: 'http-no-redirect', id: 'http.redirect', status: 'warn', code: 'MB_HTTP_NO_HTTPS_REDIRECT' },
  { fault: 'ews-404', id: 'ews.endpoint', status: 'fail', code: 'HTTP_404' },
  { fault: 'ews-disabled', id: 'auth.credentials', status: 'fail', code: 'MB_EWS_DISABLED' },
  { fault: 'owa-disabled', id: 'owa.endpoint', status: 'fail', code: 'MB_OWA_DISABLED' },
  { fault: 'eas-disabled', id: 'eas.endpoint', status: 'fail', code: 'MB_EAS_NOT_ADVERTISED' },
  { fault: 'bad-password', id: 'auth.credentials', status: 'fail', code: 'MB_AUTH_LOGON_REJECTED' },
  { fault: 'account-locked', id: 'auth.credentials', status: 'fail', code: 'MB_AUTH_LOGON_REJECTED' },
  { fault: 'impersonation-denied', id: 'auth.impersonation', status: 'fail', code: 'ErrorImpersonateUserDenied' },
  { fault: 'mailbox-not-found', id: 'auth.credentials', status: 'fail', code: 'ErrorNonExistentMailbox' },
  { fault: 'slow-524', id: 'ews.endpoint', status: 'fail', code: 'HTTP_524' },
];

describe('lab faults that change the route, on-premises profile', () => {
  it('port-443-closed: tcp.443 fails over to 2610 with the EX-2 note, and every check after it runs on 2610 and passes', async () => {
    await setFaults(lab, ['port-443-closed']);
    const { profile, secrets } = await labProfile(lab, 'lab-onprem');
    const { report, byId } = await runLabChecks(profile, secrets);
    expect(byId['tcp.443']).toMatchObject({ status: 'pass', details: { noteCode: 'MB_PORT_443_CLOSED_USE_2610' } });
    expect(byId['tls.handshake']?.details).toMatchObject({ port: lab.document.ews.altHttpsPort });
    expect(notPassing(report)).toEqual([]);
  }, 30_000);

  it('basic-disabled with a Basic profile: auth.credentials names Basic as not offered (MB_AUTH_NTLM_REQUIRED)', async () => {
    await setFaults(lab, ['basic-disabled']);
    const { profile, secrets } = await labProfile(lab, 'lab-onprem', (p) => ({ ...p, credentials: { ...(p.credentials as object), authMethod: 'basic' } }));
    const { report, byId } = await runLabChecks(profile, secrets);
    expect(byId['ews.endpoint']?.details.authSchemes).toEqual(['Negotiate', 'NTLM']);
    expect(byId['auth.credentials'], notPassing(report).join('\n')).toMatchObject({ status: 'fail', diagnosis: { code: 'MB_AUTH_NTLM_REQUIRED' } });
    expect(byId['auth.credentials']?.summary).toMatch(/Basic is not offered/);
  }, 30_000);

  it('a Basic profile against the healthy lab logs on with Basic', async () => {
    await setFaults(lab, []);
    const { profile, secrets } = await labProfile(lab, 'lab-onprem', (p) => ({ ...p, credentials: { ...(p.credentials as object), authMethod: 'basic' } }));
    const { byId } = await runLabChecks(profile, secrets);
    expect(byId['auth.credentials']).toMatchObject({ status: 'pass', details: { authMethod: 'Basic' } });
  }, 30_000);

  it('no secret stored: auth.credentials is skipped with the command that stores it, and nothing depending on it runs', async () => {
    await setFaults(lab, []);
    const { profile } = await labProfile(lab, 'lab-onprem');
    const { MemorySecretStore } = await import('./kit/lab-checks.js');
    const { byId } = await runLabChecks(profile, new MemorySecretStore());
    expect(byId['auth.credentials']).toMatchObject({ status: 'skip' });
    expect(byId['auth.credentials']?.summary).toMatch(/mailbridge secrets set lab-onprem password --stdin/);
    expect(byId['auth.impersonation']).toMatchObject({ status: 'skip', details: { blockedBy: 'auth.credentials' } });
  }, 30_000);
});

describe('lab faults, on-premises profile', () => {
  for (const row of FAULT_TABLE) {
    it(`${row.fault} → ${row.id} ${row.status} ${row.code}`, async () => {
      await setFaults(lab, [row.fault]);
      const { profile, secrets } = await labProfile(lab, 'lab-onprem');
      const { report, byId } = await runLabChecks(profile, secrets);
      expect(byId[row.id], notPassing(report).join('\n')).toMatchObject({ status: row.status, diagnosis: { code: row.code } });
      expect(byId[row.id]?.diagnosis?.fix.length).toBeGreaterThan(0);
    }, 30_000);
  }
});
