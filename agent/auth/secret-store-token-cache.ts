/**
 * msal-node's token cache kept in the agent's secret store (O365-2): the serialized cache
 * holds refresh tokens, so it is a secret like a password — stored with SecretStore under
 * the profile (field `delegatedTokenCache`), never in a file in clear, never logged.
 * A cache plugin: MSAL calls beforeCacheAccess (load) and afterCacheAccess (save when changed).
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { SecretStore } from '../secrets/secret-store.js';

/** The secret field the serialized cache lives in (one cache per profile, every signed-in user in it). */
export const TOKEN_CACHE_FIELD = 'delegatedTokenCache';

export class SecretStoreTokenCache implements ICachePlugin {
  constructor(private readonly secrets: SecretStore, private readonly profile: string) {}

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    const stored = await this.secrets.get({ profile: this.profile, field: TOKEN_CACHE_FIELD });
    if (stored !== undefined) context.tokenCache.deserialize(stored);
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (!context.cacheHasChanged) return;
    await this.secrets.set({ profile: this.profile, field: TOKEN_CACHE_FIELD }, context.tokenCache.serialize());
  }

  /** Forgets every stored sign-in of the profile (sign-out). */
  async clear(): Promise<boolean> {
    return this.secrets.delete({ profile: this.profile, field: TOKEN_CACHE_FIELD });
  }
}
