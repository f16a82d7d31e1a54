/**
 * What the Exchange Online checks of one run need: the authority (host and tenant), the app
 * registration, how to load its credential from the secret store, the Graph API root, the
 * mailboxes to reach, the roles the enabled features need, and the trust anchors (the
 * profile's CA file, for national clouds behind inspection proxies and the lab).
 */
import { readFile } from 'node:fs/promises';
import type { OnlineProfile } from '../../../src/profiles/online-profile-schema.js';
import type { SecretReader } from '../exchange/exchange-credentials.js';
import { requiredRoles, type RoleNeed } from './required-roles.js';

export type AppCredential =
  | { readonly kind: 'clientSecret'; readonly clientSecret: string }
  | { readonly kind: 'clientCertificate'; readonly certificatePem: string; readonly privateKeyPem: string };

export type AppCredentialSource = () => Promise<{ ok: true; credential: AppCredential } | { ok: false; reason: string }>;

export interface OnlineCheckTarget {
  readonly authorityOrigin: string;
  readonly tenant: string;
  readonly clientId: string;
  readonly credential: AppCredentialSource;
  /** e.g. https://graph.microsoft.com/v1.0 */
  readonly graphRoot: string;
  readonly mailboxes: readonly { readonly address: string; readonly role: 'staff' | 'shared' }[];
  readonly roles: readonly RoleNeed[];
}

export function graphRootOf(graphBaseUrl: string): string {
  const trimmed = graphBaseUrl.replace(/\/+$/, '');
  return /\/(v1\.0|beta)$/i.test(trimmed) ? trimmed : `${trimmed}/v1.0`;
}

function appCredentialSource(profile: OnlineProfile, secrets: SecretReader | undefined): AppCredentialSource {
  let loaded: ReturnType<AppCredentialSource> | undefined;
  const load: AppCredentialSource = async () => {
    const creds = profile.credentials;
    if (creds.kind === 'delegated') return { ok: false, reason: 'delegated sign-in (O365-2) has no app credential to test' };
    if (!secrets) return { ok: false, reason: 'the secret store is not available to this run' };
    const field = creds.kind === 'clientSecret' ? creds.clientSecret.secret : creds.privateKey.secret;
    const value = await secrets.get({ profile: profile.name, field });
    if (value === undefined) return { ok: false, reason: `no secret "${field}" stored for profile ${profile.name} (mailbridge secrets set ${profile.name} ${field} --stdin)` };
    if (creds.kind === 'clientSecret') return { ok: true, credential: { kind: 'clientSecret', clientSecret: value } };
    try {
      return { ok: true, credential: { kind: 'clientCertificate', certificatePem: await readFile(creds.certificateFile, 'utf8'), privateKeyPem: value } };
    } catch (error) {
      return { ok: false, reason: `cannot read the app certificate ${creds.certificateFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
  };
  return () => (loaded ??= load());
}

export function onlineTarget(profile: OnlineProfile, secrets: SecretReader | undefined): OnlineCheckTarget {
  return {
    authorityOrigin: new URL(profile.endpoints.authorityHost).origin,
    tenant: profile.tenant,
    clientId: profile.clientId,
    credential: appCredentialSource(profile, secrets),
    graphRoot: graphRootOf(profile.endpoints.graphBaseUrl),
    mailboxes: [
      ...profile.staff.filter((s) => s.enabled).map((s) => ({ address: s.user, role: 'staff' as const })),
      ...profile.sharedMailboxes.map((address) => ({ address, role: 'shared' as const })),
    ],
    roles: requiredRoles(profile),
  };
}
