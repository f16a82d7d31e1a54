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
  MB_AUTH_LOGON_REJECTED: {
    family: 'http-auth',
    cause: 'The server completed the Windows (NTLM) exchange and still answered 401: it does not accept this logon. A wrong password and a locked-out or disabled account look the same on the wire; only the domain controller tells them apart (Security log event 4625 with the failure reason, 4740 for a lock-out).',
    fix: [
      'Check the account in Active Directory: `Get-ADUser <user> -Properties LockedOut,Enabled,PasswordExpired`; unlock with `Unlock-ADAccount <user>`.',
      'If the password was changed, store the new one: `mailbridge secrets set <profile> password --stdin`.',
      'Check the user name form the profile uses (DOMAIN\\user or user@domain), then run `mailbridge check <profile>` again.',
    ],
  },
  MB_GRAPH_ROLES_MISSING: {
    family: 'permissions',
    cause: 'The app\'s access token lacks application permissions (roles) the enabled sync features need: admin consent for them was never granted, or was revoked. A token is issued without them, so only its roles claim shows it.',
    fix: [
      'In the Entra admin center open App registrations > <your app> > API permissions.',
      'Add the missing Microsoft Graph application permissions listed in the check\'s details.',
      'Press "Grant admin consent for <tenant>" (a Global or Privileged Role Administrator must do it), then run `mailbridge check <profile>` again (a new token carries the new roles).',
    ],
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
