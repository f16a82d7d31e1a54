// Every code the network/TLS checks and the runner emit resolves to cause + fix steps,
// from the knowledge base (src/diagnosis/), the one place the product's knowledge lives (#4, AG-2).
import { describe, expect, it } from 'vitest';
import { diagnosisFor, hasDiagnosis } from '../../agent/checks/check-diagnosis.js';
import { lookup } from '../../src/diagnosis/index.js';

const EMITTED = [
  // dns.resolve
  'ENOTFOUND', 'ENODATA', 'EAI_AGAIN',
  // tcp.<port>
  'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'MB_HTTP_PORT_CLOSED', 'MB_PORT_443_CLOSED_USE_2610',
  // tls.handshake
  'ERR_TLS_HANDSHAKE_TIMEOUT', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_UNSUPPORTED_PROTOCOL', 'MB_OLD_TLS_VERSION',
  // tls.trust
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CA_MD_TOO_WEAK', 'MB_TRUSTED_ONLY_VIA_CA_FILE', 'MB_FREE_CA_ISSUER', 'MB_TLS_NO_CERTIFICATE',
  // tls.hostname, tls.validity, tls.signature
  'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'MB_CERT_EXPIRING_SOON', 'MB_WEAK_SIGNATURE', 'MB_WEAK_KEY',
  // http.redirect, runner
  'MB_HTTP_NO_HTTPS_REDIRECT', 'MB_CHECK_TIMEOUT', 'MB_CHECK_CRASHED',
  // ews.endpoint, owa.endpoint, eas.endpoint, autodiscover
  'HTTP_404', 'HTTP_403', 'HTTP_500', 'HTTP_524', 'MB_EWS_DISABLED', 'MB_ANONYMOUS_EWS', 'MB_CLOCK_SKEW', 'MB_OWA_DISABLED', 'MB_EAS_NOT_ADVERTISED', 'ErrorAutoDiscoverFailed',
  // auth.credentials, auth.impersonation
  'MB_AUTH_NTLM_REQUIRED', 'MB_AUTH_NO_METHODS', 'MB_AUTH_LOGON_REJECTED', 'MB_AUTH_BASIC_REJECTED', 'MB_EXO_BASIC_AUTH_RETIRED', 'ErrorNonExistentMailbox', 'ErrorImpersonateUserDenied',
  // entra.token, entra.permissions, graph.mailbox
  'AADSTS7000215', 'AADSTS7000222', 'AADSTS700016', 'AADSTS90002', 'MB_GRAPH_ROLES_MISSING',
  'MB_APPLICATION_ACCESS_POLICY_DENIED', 'MailboxNotEnabledForRESTAPI', 'ErrorInvalidUser', 'ErrorAccessDenied',
];

describe('check diagnoses', () => {
  it.each(EMITTED)('%s has a cause and fix steps', (code) => {
    expect(hasDiagnosis(code)).toBe(true);
    const diagnosis = diagnosisFor(code);
    expect(diagnosis.code).toBe(code);
    expect(diagnosis.cause.length).toBeGreaterThan(10);
    expect(diagnosis.fix.length).toBeGreaterThan(0);
  });

  it('every emitted code is a knowledge-base entry, so `mailbridge diagnose` explains it too', () => {
    expect(EMITTED.filter((code) => lookup(code) === undefined)).toEqual([]);
  });

  it('an unknown code still yields a diagnosis that says so', () => {
    expect(diagnosisFor('EWHATEVER')).toMatchObject({ code: 'EWHATEVER', family: 'other' });
  });
});
