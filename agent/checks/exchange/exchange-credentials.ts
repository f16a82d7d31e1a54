/**
 * The sync account's credentials for the auth.* checks, loaded only when a check is about
 * to send them (after the tls.* checks passed): from the agent's SecretStore for a saved
 * profile, or from the ad-hoc `--user` with `--password-stdin` / MAILBRIDGE_PASSWORD.
 * Values never enter a report: `describeCredentials` is what the evidence shows.
 */
import { readFile } from 'node:fs/promises';
import type { OnpremProfile } from '../../../src/profiles/onprem-profile-schema.js';
import type { SecretStore } from '../../secrets/secret-store.js';

/** Only reading is needed; the CLI passes a reader that opens its store on first use. */
export type SecretReader = Pick<SecretStore, 'get'>;

export type ExchangeCredentials =
  | { readonly kind: 'password'; readonly authMethod: 'ntlm' | 'basic'; readonly user: string; readonly domain: string; readonly password: string }
  | { readonly kind: 'certificate'; readonly user: string; readonly certificatePem: string; readonly privateKeyPem: string };

/** Resolves the credentials, or a reason why there are none (the auth checks then skip). */
export type CredentialSource = () => Promise<{ ok: true; credentials: ExchangeCredentials } | { ok: false; reason: string }>;

/** Evidence about the credentials: who and how, never the secret. */
export function describeCredentials(c: ExchangeCredentials): Record<string, string> {
  if (c.kind === 'certificate') return { account: c.user || '(mapped from the certificate)', authMethod: 'client certificate (MEM-4)' };
  const account = c.domain && !c.user.includes('\\') && !c.user.includes('@') ? `${c.domain}\\${c.user}` : c.user;
  return { account, authMethod: c.authMethod === 'ntlm' ? 'NTLM' : 'Basic' };
}

/** Ad hoc: `--user` (DOMAIN\user or user@domain) with a password read by the CLI from stdin or the environment. */
export function adHocCredentials(user: string | undefined, password: string | undefined, authMethod: 'ntlm' | 'basic' = 'ntlm'): CredentialSource {
  return () => {
    if (!user) return Promise.resolve({ ok: false, reason: 'no sync account given (--user)' });
    if (password === undefined) return Promise.resolve({ ok: false, reason: 'no password given (--password-stdin or MAILBRIDGE_PASSWORD)' });
    return Promise.resolve({ ok: true, credentials: { kind: 'password', authMethod, user, domain: '', password } });
  };
}

/** A saved profile: the secret named by its credentials slot, read from the secret store. */
export function profileCredentials(profile: OnpremProfile, secrets: SecretReader | undefined): CredentialSource {
  return async () => {
    if (!secrets) return { ok: false, reason: 'the secret store is not available to this run' };
    const creds = profile.credentials;
    const field = creds.kind === 'password' ? creds.password.secret : creds.privateKey.secret;
    const value = await secrets.get({ profile: profile.name, field });
    if (value === undefined) return { ok: false, reason: `no secret "${field}" stored for profile ${profile.name} (mailbridge secrets set ${profile.name} ${field} --stdin)` };
    if (creds.kind === 'password') return { ok: true, credentials: { kind: 'password', authMethod: creds.authMethod, user: creds.user, domain: creds.domain, password: value } };
    try {
      return { ok: true, credentials: { kind: 'certificate', user: creds.user, certificatePem: await readFile(creds.certificateFile, 'utf8'), privateKeyPem: value } };
    } catch (error) {
      return { ok: false, reason: `cannot read the client certificate ${creds.certificateFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
  };
}

/** Loads once per run, however many checks ask. */
export function memoizedSource(source: CredentialSource): CredentialSource {
  let loaded: ReturnType<CredentialSource> | undefined;
  return () => (loaded ??= source());
}
