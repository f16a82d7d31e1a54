/**
 * Delegated (per-user) access tokens for Microsoft Graph, O365-2: the user signs in once
 * with the OAuth 2.0 device authorization grant (msal-node PublicClientApplication
 * .acquireTokenByDeviceCode; the "open this page and enter this code" message goes to a
 * callback so the console or CLI can show it), then every later token comes silently from
 * the refresh token in MSAL's cache, which lives in the secret store (SecretStoreTokenCache)
 * and so survives restarts. When Entra refuses the stored refresh token (revoked, expired,
 * sign-in frequency) or no sign-in is stored, token() throws ReauthenticationRequiredError
 * (O365-5). MSAL's HTTP goes through ProfileNetworkModule: the profile's CA file, not
 * NODE_EXTRA_CA_CERTS.
 */
import type https from 'node:https';
import { InteractionRequiredAuthError, PublicClientApplication, ServerError, type AccountInfo } from '@azure/msal-node';
import { REAUTH_CODE, ReauthenticationRequiredError } from '../../auth/reauthentication-required-error.js';
import { SecretStoreTokenCache } from '../../auth/secret-store-token-cache.js';
import type { SecretStore } from '../../secrets/secret-store.js';
import type { RoundTripCounter } from '../transport/round-trip-counter.js';
import { ProfileNetworkModule } from './graph-token-source.js';

/** Delegated permissions the sync features ask the user to consent to (O365-2 "listed permissions"). */
export const DELEGATED_PERMISSIONS = ['User.Read', 'Mail.ReadWrite', 'Mail.Send', 'Calendars.ReadWrite', 'Contacts.ReadWrite', 'Tasks.ReadWrite'] as const;

/** What the user must do to sign in: shown by the console / CLI (never contains a token). */
export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  message: string;
  expiresInSeconds: number;
}

export interface DelegatedTokenSourceOptions {
  profile: string;
  authorityHost: string;
  tenant: string;
  clientId: string;
  /** The Graph origin the permissions are scoped to (https://graph.microsoft.com, a national cloud, the lab). */
  graphOrigin: string;
  /** The mailbox owner whose token this source hands out (UPN / primary address). */
  user: string;
  secrets: SecretStore;
  agent: https.Agent;
  counter: RoundTripCounter;
}

/** Entra's refusals of a stored refresh token that only a new sign-in cures. */
function reauthCode(error: unknown): string | null {
  if (!(error instanceof InteractionRequiredAuthError) && !(error instanceof ServerError)) return null;
  const text = `${error.errorCode} ${error.errorMessage} ${error.subError}`;
  const aadsts = /AADSTS(\d+)/.exec(text);
  if (error instanceof InteractionRequiredAuthError || error.errorCode === 'invalid_grant') return aadsts ? `AADSTS${aadsts[1]}` : REAUTH_CODE;
  return null;
}

export class DelegatedTokenSource {
  private readonly app: PublicClientApplication;
  private readonly cache: SecretStoreTokenCache;
  private readonly scopes: string[];

  constructor(private readonly options: DelegatedTokenSourceOptions) {
    const host = new URL(options.authorityHost);
    this.cache = new SecretStoreTokenCache(options.secrets, options.profile, options.user);
    this.app = new PublicClientApplication({
      auth: { clientId: options.clientId, authority: `${host.origin}/${options.tenant}`, knownAuthorities: [host.host] },
      cache: { cachePlugin: this.cache },
      system: { networkClient: new ProfileNetworkModule(options.agent, options.counter) },
    });
    this.scopes = DELEGATED_PERMISSIONS.map((p) => `${options.graphOrigin}/${p}`);
  }

  private async account(): Promise<AccountInfo | null> {
    const wanted = this.options.user.toLowerCase();
    const accounts = await this.app.getTokenCache().getAllAccounts();
    return accounts.find((a) => a.username.toLowerCase() === wanted) ?? null;
  }

  /**
   * Interactive sign-in by device code (O365-2). `onPrompt` receives the code to show; the
   * promise resolves once the user has signed in and the cache (with the refresh token) is
   * in the secret store. The signed-in account must be the profile's user.
   */
  async signIn(onPrompt: (prompt: DeviceCodePrompt) => void, options: { timeoutSeconds?: number } = {}): Promise<{ username: string }> {
    const result = await this.app.acquireTokenByDeviceCode({
      scopes: this.scopes,
      deviceCodeCallback: (r) => onPrompt({ userCode: r.userCode, verificationUri: r.verificationUri, message: r.message, expiresInSeconds: r.expiresIn }),
      ...(options.timeoutSeconds !== undefined ? { timeout: options.timeoutSeconds } : {}),
    });
    const username = result?.account?.username;
    if (!result?.accessToken || username === undefined) throw new Error('MSAL returned no account for the device code sign-in');
    if (username.toLowerCase() !== this.options.user.toLowerCase()) {
      // Someone else signed in: keep nothing of it, so their mailbox is never read under this user.
      if (result.account) await this.app.getTokenCache().removeAccount(result.account);
      throw new ReauthenticationRequiredError({ profile: this.options.profile, user: this.options.user, aadsts: 'MB_REAUTH_WRONG_ACCOUNT' });
    }
    return { username };
  }

  /** An access token for the user, silently (cache or refresh token); O365-5 error when a sign-in is needed. */
  async token(): Promise<string> {
    const account = await this.account();
    if (account === null) throw new ReauthenticationRequiredError({ profile: this.options.profile, user: this.options.user });
    try {
      const result = await this.app.acquireTokenSilent({ account, scopes: this.scopes });
      if (!result?.accessToken) throw new ReauthenticationRequiredError({ profile: this.options.profile, user: this.options.user });
      return result.accessToken;
    } catch (error) {
      const code = reauthCode(error);
      if (code === null) throw error;
      throw new ReauthenticationRequiredError({ profile: this.options.profile, user: this.options.user, aadsts: code, underlying: error });
    }
  }

  /** Forces the next token() to use the refresh token (tests of silent renewal; after a 401). */
  async tokenForceRefresh(): Promise<string> {
    const account = await this.account();
    if (account === null) throw new ReauthenticationRequiredError({ profile: this.options.profile, user: this.options.user });
    try {
      const result = await this.app.acquireTokenSilent({ account, scopes: this.scopes, forceRefresh: true });
      return result.accessToken;
    } catch (error) {
      const code = reauthCode(error);
      if (code === null) throw error;
      throw new ReauthenticationRequiredError({ profile: this.options.profile, user: this.options.user, aadsts: code, underlying: error });
    }
  }
}
