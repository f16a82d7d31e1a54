/**
 * MB_ codes only the connectivity checks raise (issue #4): port 80 without a redirect,
 * a logon the server refuses after a complete NTLM exchange, an app token without the
 * roles the sync features need, a check that timed out or crashed. Kept in the knowledge
 * base with everything else so `mailbridge diagnose MB_…` explains them too.
 */
import type { DocLink, KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

function checkEntry(code: string, family: KbEntry['family'], title: string, cause: string, fix: string[], docs: DocLink[], rules: string[]): KbEntry {
  return { code, family, title, cause, fix, patterns: {}, docs, rules: [...rules, 'AG-2'], basis: 'doc', specificity: 86 };
}

export const CHECK_FINDING_ENTRIES: KbEntry[] = [
  checkEntry('MB_HTTP_PORT_CLOSED', 'tcp', 'Port 80 closed: no HTTP → HTTPS redirect',
    'Port 80 is closed, so plain-HTTP requests cannot be redirected to HTTPS (EX-2). The integration itself uses HTTPS, so this is only a warning.',
    ['If clients or Autodiscover should find the server over plain HTTP, open port 80 and redirect it to https://.'],
    [DOCS.ewsAutodiscover, DOCS.nodeSystemErrors], ['EX-2']),
  checkEntry('MB_HTTP_NO_HTTPS_REDIRECT', 'config', 'Port 80 answers without redirecting to HTTPS',
    'Port 80 answers but does not redirect to https://, so a client that starts on plain HTTP is not moved to the encrypted site.',
    ['Configure an HTTP → HTTPS redirect on the site bound to port 80 (IIS: HTTP Redirect, or a URL Rewrite rule).'],
    [DOCS.iisStatusCodes, DOCS.httpSemantics], ['EX-2']),
  checkEntry('MB_TLS_NO_CERTIFICATE', 'tls', 'Server presented no certificate',
    'The TLS handshake completed but the server presented no certificate.',
    ['Bind a certificate to the HTTPS site in IIS (or on the load balancer).'],
    [DOCS.exchangeCertProcedures, DOCS.nodeTls], ['EX-3']),
  checkEntry('MB_AUTH_LOGON_REJECTED', 'http-auth', 'Logon refused after a complete NTLM exchange',
    'The server completed the Windows (NTLM) exchange and still answered 401: it does not accept this logon. A wrong password and a locked-out or disabled account look the same on the wire; only the domain controller tells them apart (Security log event 4625 with the failure reason, 4740 for a lock-out).',
    [
      'Check the account in Active Directory: `Get-ADUser <user> -Properties LockedOut,Enabled,PasswordExpired`; unlock with `Unlock-ADAccount <user>`.',
      'If the password was changed, store the new one: `mailbridge secrets set <profile> password --stdin`.',
      'Check the user name form the profile uses (DOMAIN\\user or user@domain), then run `mailbridge check <profile>` again.',
    ],
    [DOCS.ewsAuthentication], ['EX-4']),
  checkEntry('MB_GRAPH_ROLES_MISSING', 'permissions', 'App token lacks the Graph permissions the sync needs',
    "The app's access token lacks application permissions (roles) the enabled sync features need: admin consent for them was never granted, or was revoked. A token is issued without them, so only its roles claim shows it.",
    [
      'In the Entra admin center open App registrations > <your app> > API permissions.',
      "Add the missing Microsoft Graph application permissions listed in the check's details.",
      'Press "Grant admin consent for <tenant>" (a Global or Privileged Role Administrator must do it), then run `mailbridge check <profile>` again (a new token carries the new roles).',
    ],
    [DOCS.entraAdminConsent, DOCS.graphPermissions], ['O365-2']),
  checkEntry('MB_CHECK_TIMEOUT', 'other', 'Check did not finish in time',
    'The check did not finish within its time-out: the server or the network holds the connection open without answering, or the link is slow.',
    ['Run again with a larger --timeout-ms on a slow link.', 'If it repeats, the server or network holds the connection open without answering: check firewalls and proxies on the way.'],
    [DOCS.nodeHttpTimeout], ['AG-2']),
  checkEntry('MB_CHECK_CRASHED', 'other', 'Check stopped on an internal error',
    'The check stopped on an unexpected error in mailbridge itself.',
    ['Report it with the JSON report attached (`mailbridge check --json`) and the bundle from `mailbridge report`.'],
    [DOCS.rcaTool], ['AG-2']),
];
