/**
 * Validation rules of the on-premises EWS profile, as a table: the server entry (EX-7,
 * and the EWS-in-Exchange-Online retirement), the sync account (EX-4, EX-5), Graph with
 * Basic and Graph on-premises at all (EX-7), the virtual directory (EX-7), ports (EX-2), the
 * client certificate (MEM-4) and the mail selection shared with online profiles (O365-3,
 * O365-4, profile-rules-mail.ts).
 */
import path from 'node:path';
import { describeServerEntry, isExchangeOnlineHost, isIpAddress } from './host-names.js';
import type { ProfileRule, RuleHit } from './profile-issue.js';
import { MAIL_SELECTION_RULES } from './profile-rules-mail.js';
import type { OnpremProfile } from './onprem-profile-schema.js';

const q = (value: unknown): string => JSON.stringify(value);

const SERVER_ENTRY_FIXES = {
  url: 'enter only the host name (e.g. mail.example.com); put a non-default path in virtualDirectory',
  path: 'enter only the host name; put a non-default path in virtualDirectory',
  port: 'enter only the host name; map a non-standard port under ports (e.g. ports.https)',
  whitespace: 'remove the spaces: a host name has none',
  characters: 'enter a host name of letters, digits, hyphens and dots, e.g. mail.example.com',
} as const;

/** `DOMAIN\user` or `user@domain`: the domain part, when the user name carries one (EX-4). */
export function domainInUserName(user: string): string | undefined {
  const backslash = user.indexOf('\\');
  if (backslash > 0) return user.slice(0, backslash);
  const at = user.lastIndexOf('@');
  if (at > 0 && at < user.length - 1) return user.slice(at + 1);
  return undefined;
}

/** An NT domain (CONTOSO) and a DNS domain (contoso.com) name the same domain when the first label matches. */
function sameDomain(a: string, b: string): boolean {
  const first = (d: string) => d.trim().toLowerCase().split('.')[0];
  return a.trim().toLowerCase() === b.trim().toLowerCase() || first(a) === first(b);
}

function passwordCredentials(p: OnpremProfile) {
  return p.credentials.kind === 'password' ? p.credentials : undefined;
}

function serverEntryHits(p: OnpremProfile): RuleHit[] {
  if (p.server.trim().length === 0 || isIpAddress(p.server)) return [];
  const kind = describeServerEntry(p.server);
  return kind === 'ok' ? [] : [{ path: 'server', detail: { value: p.server, kind } }];
}

function portHits(p: OnpremProfile): RuleHit[] {
  const entries = Object.entries(p.ports) as [string, number][];
  return entries
    .filter(([, port]) => port < 1 || port > 65535)
    .map(([name, port]) => ({ path: `ports.${name}`, detail: { value: port } }));
}

export const ONPREM_RULES: readonly ProfileRule<OnpremProfile>[] = [
  {
    code: 'MB_SERVER_REQUIRED',
    rule: 'EX-7',
    severity: 'error',
    path: 'server',
    test: (p) => (p.server.trim().length === 0 ? [{ path: 'server' }] : []),
    problem: () => 'the Exchange server address is empty',
    fix: "enter the Exchange server's host name, e.g. mail.example.com",
  },
  {
    code: 'MB_HOST_IS_IP_ADDRESS',
    rule: 'EX-7',
    severity: 'error',
    path: 'server',
    test: (p) => (isIpAddress(p.server) ? [{ path: 'server', detail: { value: p.server } }] : []),
    problem: (h) => `${q(h.detail?.value)} is an IP address`,
    fix: "enter the Exchange server's host name",
  },
  {
    code: 'MB_SERVER_NOT_HOST_NAME',
    rule: 'EX-7',
    severity: 'error',
    path: 'server',
    test: serverEntryHits,
    problem: (h) => `${q(h.detail?.value)} is not a bare host name`,
    fix: (h) => SERVER_ENTRY_FIXES[(h.detail?.kind ?? 'characters') as keyof typeof SERVER_ENTRY_FIXES],
  },
  {
    code: 'MB_EWS_AGAINST_EXCHANGE_ONLINE',
    rule: 'EX-5',
    severity: 'error',
    path: 'server',
    test: (p) => (isExchangeOnlineHost(p.server) ? [{ path: 'server', detail: { value: p.server } }] : []),
    problem: (h) =>
      `${q(h.detail?.value)} is Exchange Online, where Microsoft disables EWS from 2026-10-01 (shut down for good from 2027-04-01)`,
    fix: 'create an Exchange Online profile (kind "exchange-online", Microsoft Graph) for this mail system',
  },
  {
    code: 'MB_USER_REQUIRED',
    rule: 'EX-4',
    severity: 'error',
    path: 'credentials.user',
    test: (p) => (passwordCredentials(p)?.user.trim().length === 0 ? [{ path: 'credentials.user' }] : []),
    problem: () => 'the sync account user name is empty',
    fix: 'enter the dedicated sync account: user, DOMAIN\\user or user@domain',
  },
  {
    code: 'MB_DOMAIN_REQUIRED',
    rule: 'EX-4',
    severity: 'error',
    path: 'credentials.domain',
    test: (p) => {
      const c = passwordCredentials(p);
      if (!c || c.user.trim().length === 0) return [];
      return domainInUserName(c.user) === undefined && c.domain.trim().length === 0 ? [{ path: 'credentials.domain' }] : [];
    },
    problem: () => 'the domain is empty and the user name does not contain one',
    fix: 'enter the domain, or write the user as DOMAIN\\user or user@domain',
  },
  {
    code: 'MB_DOMAIN_NOT_NEEDED',
    rule: 'EX-4',
    severity: 'warning',
    path: 'credentials.domain',
    test: (p) => {
      const c = passwordCredentials(p);
      const inUser = c ? domainInUserName(c.user) : undefined;
      return c && inUser && c.domain.trim() && sameDomain(inUser, c.domain) ? [{ path: 'credentials.domain', detail: { value: c.domain } }] : [];
    },
    problem: () => 'the user name already contains the domain',
    fix: 'leave credentials.domain empty (it is not needed when the user name contains it)',
  },
  {
    code: 'MB_DOMAIN_CONFLICT',
    rule: 'EX-4',
    severity: 'error',
    path: 'credentials.domain',
    test: (p) => {
      const c = passwordCredentials(p);
      const inUser = c ? domainInUserName(c.user) : undefined;
      return c && inUser && c.domain.trim() && !sameDomain(inUser, c.domain)
        ? [{ path: 'credentials.domain', detail: { value: c.domain, inUser } }]
        : [];
    },
    problem: (h) => `${q(h.detail?.value)} differs from the domain ${q(h.detail?.inUser)} in the user name`,
    fix: 'leave credentials.domain empty, or make the user name and the domain agree',
  },
  {
    code: 'MB_BASIC_AUTH_DEPRECATED',
    rule: 'EX-5',
    severity: 'warning',
    path: 'credentials.authMethod',
    test: (p) => (passwordCredentials(p)?.authMethod === 'basic' ? [{ path: 'credentials.authMethod' }] : []),
    problem: () => 'Basic authentication is deprecated by Microsoft',
    fix: 'use authMethod "ntlm" if the EWS virtual directory allows it',
  },
  {
    code: 'MB_GRAPH_WITH_BASIC_AUTH',
    rule: 'EX-7',
    severity: 'error',
    path: 'useGraph',
    test: (p) => (p.useGraph && passwordCredentials(p)?.authMethod === 'basic' ? [{ path: 'useGraph' }] : []),
    problem: () => 'Microsoft Graph cannot be used with a local setup on Basic authentication',
    fix: 'set useGraph to false, or use an Exchange Online profile with OAuth',
  },
  {
    // mailbridge has no Graph path for on-premises (hybrid) mailboxes: the agent syncs
    // every on-premises profile through EWS, so the flag would otherwise be ignored silently.
    // Graph with Basic is already an error above; one finding per field is enough there.
    code: 'MB_GRAPH_ONPREM_NOT_SUPPORTED',
    rule: 'EX-7',
    severity: 'warning',
    path: 'useGraph',
    test: (p) => (p.useGraph && passwordCredentials(p)?.authMethod !== 'basic' ? [{ path: 'useGraph' }] : []),
    problem: () => 'mailbridge syncs on-premises mailboxes through EWS; Microsoft Graph is not used for an on-premises (hybrid) profile',
    fix: 'set useGraph to false; for mailboxes in Exchange Online, create an Exchange Online profile (kind "exchange-online", Microsoft Graph)',
  },
  {
    code: 'MB_VIRTUAL_DIRECTORY_INVALID',
    rule: 'EX-7',
    severity: 'error',
    path: 'virtualDirectory',
    test: (p) => {
      const v = p.virtualDirectory;
      const bad = v !== '' && (!v.startsWith('/') || /[\s?#]/.test(v) || v.includes('://'));
      return bad ? [{ path: 'virtualDirectory', detail: { value: v } }] : [];
    },
    problem: (h) => `${q(h.detail?.value)} is not a path on the server`,
    fix: 'leave it empty for the default /EWS/Exchange.asmx, or enter a path starting with /',
  },
  {
    code: 'MB_VIRTUAL_DIRECTORY_IS_OWA',
    rule: 'EX-7',
    severity: 'warning',
    path: 'virtualDirectory',
    test: (p) => (/^\/owa(\/|$)/i.test(p.virtualDirectory) ? [{ path: 'virtualDirectory', detail: { value: p.virtualDirectory } }] : []),
    problem: (h) => `${q(h.detail?.value)} is the Outlook Web Access path, which answers "440 Login Timeout" to EWS requests`,
    fix: 'leave virtualDirectory empty (default /EWS/Exchange.asmx)',
  },
  {
    code: 'MB_PORT_OUT_OF_RANGE',
    rule: 'EX-2',
    severity: 'error',
    path: 'ports',
    test: portHits,
    problem: (h) => `${h.detail?.value} is not a TCP port`,
    fix: 'enter a port from 1 to 65535 (defaults: http 80, https 443, alternate 2610)',
  },
  {
    code: 'MB_CERTIFICATE_FILE_NOT_ABSOLUTE',
    rule: 'MEM-4',
    severity: 'error',
    path: 'credentials.certificateFile',
    test: (p) =>
      p.credentials.kind === 'clientCertificate' && !path.isAbsolute(p.credentials.certificateFile)
        ? [{ path: 'credentials.certificateFile', detail: { value: p.credentials.certificateFile } }]
        : [],
    problem: (h) => `${q(h.detail?.value)} is not an absolute path`,
    fix: 'enter the absolute path of the client certificate (PEM)',
  },
  // O365-3 folder selection and O365-4 shared mailboxes: the same table as online profiles.
  ...MAIL_SELECTION_RULES,
];
