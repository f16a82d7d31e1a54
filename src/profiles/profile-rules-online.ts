/**
 * Validation rules of the Exchange Online profile, as a table: tenant and client ID
 * (O365-2), account type vs credential kind (O365-1), the mail selection shared with on-prem
 * profiles (O365-3, O365-4, profile-rules-mail.ts), the client certificate (MEM-4) and the
 * endpoints (national clouds, lab).
 */
import path from 'node:path';
import { isHostName } from './host-names.js';
import type { ProfileRule, RuleHit } from './profile-issue.js';
import { MAIL_SELECTION_RULES } from './profile-rules-mail.js';
import type { OnlineProfile } from './online-profile-schema.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_ALIASES = ['common', 'organizations', 'consumers'];

/** Microsoft's clouds: which Graph host belongs to which authority host. */
export const MICROSOFT_CLOUDS: readonly { name: string; authorityHost: string; graphHost: string }[] = [
  { name: 'worldwide', authorityHost: 'login.microsoftonline.com', graphHost: 'graph.microsoft.com' },
  { name: 'US Government (GCC High / DoD)', authorityHost: 'login.microsoftonline.us', graphHost: 'graph.microsoft.us' },
  { name: 'US Government DoD', authorityHost: 'login.microsoftonline.us', graphHost: 'dod-graph.microsoft.us' },
  { name: 'China (21Vianet)', authorityHost: 'login.chinacloudapi.cn', graphHost: 'microsoftgraph.chinacloudapi.cn' },
];

const q = (value: unknown): string => JSON.stringify(value);

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function endpointHits(p: OnlineProfile): RuleHit[] {
  const fields = ['authorityHost', 'graphBaseUrl'] as const;
  return fields.flatMap((f) => {
    const value = p.endpoints[f];
    let ok = false;
    try {
      ok = new URL(value).protocol === 'https:';
    } catch {
      ok = false;
    }
    return ok ? [] : [{ path: `endpoints.${f}`, detail: { value } }];
  });
}

function cloudMismatchHits(p: OnlineProfile): RuleHit[] {
  const authority = hostOf(p.endpoints.authorityHost);
  const graph = hostOf(p.endpoints.graphBaseUrl);
  const authorityCloud = MICROSOFT_CLOUDS.find((c) => c.authorityHost === authority);
  const graphCloud = MICROSOFT_CLOUDS.find((c) => c.graphHost === graph);
  // Only two known clouds can disagree; the lab and private endpoints are not judged.
  if (!authorityCloud || !graphCloud || authorityCloud.authorityHost === graphCloud.authorityHost) return [];
  return [{ path: 'endpoints.graphBaseUrl', detail: { graph: graphCloud.name, authority: authorityCloud.name } }];
}

export const ONLINE_RULES: readonly ProfileRule<OnlineProfile>[] = [
  {
    code: 'MB_TENANT_INVALID',
    rule: 'O365-2',
    severity: 'error',
    path: 'tenant',
    test: (p) => {
      const t = p.tenant.trim();
      const ok = GUID.test(t) || TENANT_ALIASES.includes(t.toLowerCase()) || (t.includes('.') && isHostName(t));
      return ok ? [] : [{ path: 'tenant', detail: { value: p.tenant } }];
    },
    problem: (h) => `${q(h.detail?.value)} is not a tenant`,
    fix: 'enter the directory (tenant) ID as a GUID, a verified domain such as contoso.onmicrosoft.com, or common/organizations/consumers',
  },
  {
    code: 'MB_CLIENT_ID_INVALID',
    rule: 'O365-2',
    severity: 'error',
    path: 'clientId',
    test: (p) => (GUID.test(p.clientId.trim()) ? [] : [{ path: 'clientId', detail: { value: p.clientId } }]),
    problem: (h) => `${q(h.detail?.value)} is not an application (client) ID`,
    fix: "copy the app registration's Application (client) ID, a GUID, from the Entra admin center",
  },
  {
    code: 'MB_PERSONAL_ACCOUNT_NEEDS_DELEGATED',
    rule: 'O365-1',
    severity: 'error',
    path: 'credentials.kind',
    test: (p) => (p.accountType === 'personal' && p.credentials.kind !== 'delegated' ? [{ path: 'credentials.kind' }] : []),
    problem: () => 'a personal Microsoft account cannot be read with app-only credentials',
    fix: 'use credentials.kind "delegated" (the user signs in with Microsoft)',
  },
  {
    code: 'MB_PERSONAL_ACCOUNT_TENANT',
    rule: 'O365-1',
    severity: 'warning',
    path: 'tenant',
    test: (p) =>
      p.accountType === 'personal' && !['common', 'consumers'].includes(p.tenant.trim().toLowerCase())
        ? [{ path: 'tenant', detail: { value: p.tenant } }]
        : [],
    problem: (h) => `personal Microsoft accounts do not sign in through the tenant ${q(h.detail?.value)}`,
    fix: 'set tenant to "consumers" (or "common" for an app that accepts both account types)',
  },
  // O365-3 folder selection and O365-4 shared mailboxes: the table both profile kinds share.
  ...MAIL_SELECTION_RULES,
  {
    code: 'MB_ENDPOINT_NOT_HTTPS',
    rule: 'O365-2',
    severity: 'error',
    path: 'endpoints',
    test: endpointHits,
    problem: (h) => `${q(h.detail?.value)} is not an https:// URL (Microsoft sign-in refuses anything else)`,
    fix: 'enter an https:// URL, e.g. https://login.microsoftonline.com and https://graph.microsoft.com',
  },
  {
    code: 'MB_ENDPOINT_CLOUD_MISMATCH',
    rule: 'O365-2',
    severity: 'warning',
    path: 'endpoints',
    test: cloudMismatchHits,
    problem: (h) => `the Graph endpoint is in the ${h.detail?.graph} cloud but the authority is in the ${h.detail?.authority} cloud`,
    fix: 'use the authority and Graph endpoints of the same cloud',
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
    fix: 'enter the absolute path of the certificate (PEM) uploaded to the app registration',
  },
];
