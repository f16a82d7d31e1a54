/**
 * A service often gets some secrets as systemd credentials (provisioned by the admin)
 * and others through mailbridge (`secrets set`). This store reads a credential first
 * and falls back to the writable backend; it writes only to the writable backend and
 * refuses to write a secret a credential already provides, since the stored value
 * would silently never be used.
 */
import { secretError } from './secret-errors.js';
import { credentialName } from './secret-ref.js';
import type { SecretBackendInfo, SecretRef, SecretStore } from './secret-store.js';
import type { SystemdCredentialsStore } from './systemd-credentials-store.js';

export class CredentialsFirstStore implements SecretStore {
  readonly backend: SecretBackendInfo;

  constructor(
    private readonly credentials: SystemdCredentialsStore,
    private readonly writable: SecretStore,
  ) {
    this.backend = {
      name: 'systemd-credentials',
      reason: credentials.backend.reason,
      writable: writable.backend.writable,
      fallback: { name: writable.backend.name, reason: writable.backend.reason },
    };
  }

  async set(ref: SecretRef, value: string): Promise<void> {
    if (await this.credentials.has(ref)) throw secretError('MB_SECRET_PROVIDED_BY_CREDENTIAL', { credential: credentialName(ref), operation: 'store' });
    await this.writable.set(ref, value);
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    return (await this.credentials.get(ref)) ?? (await this.writable.get(ref));
  }

  async has(ref: SecretRef): Promise<boolean> {
    return (await this.credentials.has(ref)) || (await this.writable.has(ref));
  }

  async delete(ref: SecretRef): Promise<boolean> {
    if (await this.credentials.has(ref)) throw secretError('MB_SECRET_PROVIDED_BY_CREDENTIAL', { credential: credentialName(ref), operation: 'delete' });
    return this.writable.delete(ref);
  }

  async list(profile: string): Promise<string[]> {
    const fields = new Set([...(await this.credentials.list(profile)), ...(await this.writable.list(profile))]);
    return [...fields].sort();
  }

  async close(): Promise<void> {
    await Promise.all([this.credentials.close(), this.writable.close()]);
  }
}
