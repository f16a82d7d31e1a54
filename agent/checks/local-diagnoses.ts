/**
 * Cause and fix steps for the codes only the checks themselves produce — findings the
 * diagnosis knowledge base (src/diagnosis/) has no entry for. Everything else (Node/OpenSSL
 * codes, the shared MB_ findings) comes from the KB; check-diagnosis.ts asks it first.
 */
import type { CheckDiagnosis } from '../../src/checks/check-report.js';

type Entry = Omit<CheckDiagnosis, 'code'>;

export const LOCAL_DIAGNOSES: Readonly<Record<string, Entry>> = {
  MB_HTTP_PORT_CLOSED: {
    family: 'tcp',
    cause: 'Port 80 is closed, so plain-HTTP requests cannot be redirected to HTTPS (EX-2). The integration itself uses HTTPS, so this is only a warning.',
    fix: ['If clients or Autodiscover should find the server over plain HTTP, open port 80 and redirect it to https://.'],
  },
  MB_HTTP_NO_HTTPS_REDIRECT: {
    family: 'config',
    cause: 'Port 80 answers but does not redirect to https://, so a client that starts on plain HTTP is not moved to the encrypted site.',
    fix: ['Configure an HTTP → HTTPS redirect on the site bound to port 80 (IIS: HTTP Redirect, or a URL Rewrite rule).'],
  },
  MB_TLS_NO_CERTIFICATE: {
    family: 'tls',
    cause: 'The TLS handshake completed but the server presented no certificate.',
    fix: ['Bind a certificate to the HTTPS site in IIS (or on the load balancer).'],
  },
  MB_CHECK_TIMEOUT: {
    family: 'other',
    cause: 'The check did not finish within its time-out.',
    fix: ['Run again with a larger --timeout-ms on a slow link.', 'If it repeats, the server or network holds the connection open without answering.'],
  },
  MB_CHECK_CRASHED: {
    family: 'other',
    cause: 'The check stopped on an unexpected error in mailbridge itself.',
    fix: ['Report it with the JSON report attached (`mailbridge check --json`).'],
  },
};
