/**
 * msal-node's token cache kept in the agent's secret store (O365-2): the serialized cache
 * holds refresh tokens, so it is a secret like a password — stored with SecretStore under
 * the profile, one field per user (`tokenCache-<hash of the address>`), never in a file in
 * clear, never logged. One cache per user means the agent renewing user A's token and a
 * sign-in of user B (another process) never overwrite each other's cache.
 * A cache plugin: MSAL calls beforeCacheAccess (load) and afterCacheAccess (save when changed).
 */
import { createHash } from 'node:crypto';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { SecretStore } from '../secrets/secret-store.js';

/** Secret field names allow no `@` or `.`, so the user's address is hashed into the name. */
export function tokenCacheField(user: string): string {
  return `tokenCache-${createHash('sha256').update(user.trim().toLowerCase()).digest('hex').slice(0, 32)}`;
}

export class SecretStoreTokenCache implements ICachePlugin {
  private readonly field: string;

  constructor(private readonly secrets: SecretStore, private readonly profile: string, user: string) {
    this.field = tokenCacheField(user);
  }

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    const stored = await this.secrets.get({ profile: this.profile, field: this.field });
    if (stored !== undefined) context.tokenCache.deserialize(stored);
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (!context.cacheHasChanged) return;
    await this.secrets.set({ profile: this.profile, field: this.field }, context.tokenCache.serialize());
  }

  /** Forgets the user's stored sign-in (sign-out). */
  async clear(): Promise<boolean> {
    return this.secrets.delete({ profile: this.profile, field: this.field });
  }
}
