/**
 * What a 401's WWW-Authenticate header says about the scheme mismatch, and the EWS
 * password-state codes (error-catalog.md §4). Our own MB_ codes: the server sends only
 * a 401, the header is what tells these cases apart.
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

export const AUTH_SCHEME_ENTRIES: KbEntry[] = [
  {
    code: 'MB_AUTH_NTLM_REQUIRED', family: 'http-auth', title: 'Server accepts only Windows authentication (NTLM/Negotiate)',
    cause: 'The 401 offers WWW-Authenticate: Negotiate and NTLM but not Basic: the EWS virtual directory has Basic authentication off (the on-premises default), so a Basic login is ignored.',
    fix: [
      'Set the profile authentication to NTLM, with the user name as DOMAIN\\user or user@domain (EX-4).',
      'Or ask the Exchange administrator to enable Basic on the EWS virtual directory (Set-WebServicesVirtualDirectory -Identity "<server>\\EWS (Default Web Site)" -BasicAuthentication $true), over HTTPS only.',
    ],
    patterns: { phrases: ['WWW-Authenticate: Negotiate', 'WWW-Authenticate: NTLM'] },
    docs: [DOCS.ewsAuthentication, DOCS.setWebServicesVirtualDirectory], rules: ['EX-4', 'EX-5', 'AG-2'], basis: 'issue', specificity: 55, refines: ['HTTP_401'],
  },
  {
    code: 'MB_AUTH_BASIC_REJECTED', family: 'http-auth', title: 'Basic authentication offered, credentials rejected',
    cause: 'The server accepts Basic authentication (WWW-Authenticate: Basic) but refused the user name or password.',
    likelyCauses: [
      'Wrong password, or a UPN given where DOMAIN\\user is expected (or the reverse).',
      'The password expired (EWS may say ErrorPasswordExpired).',
      'The account is locked or disabled.',
    ],
    fix: [
      'Sign in to OWA with the same account to confirm the password.',
      'Try the other user-name form (user@domain vs DOMAIN\\user) in the profile (EX-4).',
      'Reset or unlock the account in Active Directory Users and Computers, then update the stored password in mailbridge (the console credentials step; never in the profile file).',
    ],
    patterns: { phrases: ['WWW-Authenticate: Basic'] },
    docs: [DOCS.ewsAuthentication], rules: ['EX-4', 'AG-2'], basis: 'issue', specificity: 50, refines: ['HTTP_401'],
  },
  {
    code: 'MB_AUTH_BEARER_REQUIRED', family: 'http-auth', title: 'Server expects an OAuth token (Bearer)',
    cause: 'The 401 offers WWW-Authenticate: Bearer: the server (Exchange Online EWS or Graph) accepts only OAuth tokens, and the request had none or an invalid one.',
    likelyCauses: [
      'Basic authentication against Exchange Online, retired since 1 Oct 2022.',
      'A token for the wrong audience: EWS needs https://outlook.office365.com/.default, Graph needs https://graph.microsoft.com/.default.',
      'An expired token, or an app-only token without the full_access_as_app role (EWS).',
    ],
    fix: [
      'For Exchange Online use a Graph profile with an app registration (client ID, tenant ID, secret or certificate).',
      'Decode the token at https://jwt.ms and check aud and roles.',
      'For EWS app-only access, add the Office 365 Exchange Online application permission full_access_as_app and grant admin consent.',
    ],
    patterns: { phrases: ['WWW-Authenticate: Bearer', 'Bearer authorization_uri'] },
    docs: [DOCS.ewsOAuth, DOCS.basicAuthDeprecation], rules: ['EX-5', 'AG-2'], basis: 'doc', specificity: 60, refines: ['HTTP_401'],
  },
  {
    code: 'MB_AUTH_KERBEROS_ONLY', family: 'http-auth', title: 'Server offers Kerberos only (Negotiate without NTLM)',
    cause: 'The 401 offers only WWW-Authenticate: Negotiate and NTLM is disabled by policy; mailbridge cannot do Kerberos from a non-domain host.',
    fix: [
      'Ask the Exchange administrator to allow NTLM or Basic over HTTPS on the EWS virtual directory for the sync account.',
      'Or move the integration to Microsoft Graph if the mailboxes are in Exchange Online.',
    ],
    patterns: {},
    docs: [DOCS.ewsAuthentication], rules: ['EX-5', 'AG-2'], basis: 'inference',
  },
  {
    code: 'MB_AUTH_NO_METHODS', family: 'http-auth', title: 'No authentication method offered',
    cause: 'The server answered 401 without any WWW-Authenticate header, so no client can log in. The virtual directory has every authentication method off, or a proxy strips the header.',
    fix: [
      'On Exchange: Get-WebServicesVirtualDirectory | fl *Authentication*; enable Windows (NTLM) and/or Basic authentication.',
      'If a reverse proxy is in the path, make it pass WWW-Authenticate through.',
    ],
    patterns: { phrases: ['No supported Authentication Methods found'] },
    docs: [DOCS.rcaNoAuthMethods, DOCS.setWebServicesVirtualDirectory], rules: ['EX-1', 'AG-2'], basis: 'doc', refines: ['HTTP_401'],
  },
  {
    code: 'ErrorPasswordExpired', family: 'http-auth', title: 'Sync account password expired',
    cause: "The sync account's password has expired, so Exchange refuses it.",
    fix: [
      'Set a new password for the sync account in Active Directory (or the Microsoft 365 admin center) and update the stored password in mailbridge.',
      "Consider a password policy exception for the service account, following your organisation's rules.",
    ],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['EX-4', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorPasswordChangeRequired', family: 'http-auth', title: 'Sync account must change its password',
    cause: 'The account is flagged "user must change password at next logon"; Exchange refuses it until the password is changed.',
    fix: ['Sign in once interactively (OWA) and change the password, or clear the flag in Active Directory, then update the stored password in mailbridge.'],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['EX-4', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorAccountDisabled', family: 'http-auth', title: 'Account disabled',
    cause: 'The account used to sign in is disabled.',
    fix: ['Enable the account in Active Directory (or the Microsoft 365 admin center), or configure another sync account.'],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['EX-4', 'AG-2'], basis: 'doc',
  },
];
