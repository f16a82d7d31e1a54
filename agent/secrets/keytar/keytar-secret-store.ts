/**
 * Secrets in the OS keyring through keytar: service `mailbridge`, account
 * `<profile>/<field>`. `list` asks the keyring itself (findCredentials), so the list
 * cannot drift from what is stored. Every call has a deadline: a keyring that locks
 * while the agent runs turns into an operator error, not a hung agent.
 */
import { secretError } from '../secret-errors.js';
import { assertValidProfileName, assertValidSecretRef, assertValidSecretValue, isValidFieldName, keyringAccount } from '../secret-ref.js';
import type { SecretBackendInfo, SecretRef, SecretStore } from '../secret-store.js';
import { firstLine, type KeytarApi } from './keytar-module.js';

export const KEYTAR_SERVICE = 'mailbridge';
export const DEFAULT_KEYRING_CALL_TIMEOUT_MS = 10_000;

export interface KeytarStoreOptions {
  api: KeytarApi;
  reason: string;
  service?: string;
  callTimeoutMs?: number;
}

export class KeytarSecretStore implements SecretStore {
  readonly backend: SecretBackendInfo;
  readonly service: string;
  private readonly api: KeytarApi;
  private readonly callTimeoutMs: number;

  constructor(options: KeytarStoreOptions) {
    this.api = options.api;
    this.service = options.service ?? KEYTAR_SERVICE;
    this.callTimeoutMs = options.callTimeoutMs ?? DEFAULT_KEYRING_CALL_TIMEOUT_MS;
    this.backend = { name: 'keytar', reason: options.reason, writable: true };
  }

  async set(ref: SecretRef, value: string): Promise<void> {
    assertValidSecretRef(ref);
    assertValidSecretValue(ref, value);
    await this.call('store a secret', () => this.api.setPassword(this.service, keyringAccount(ref), value));
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    assertValidSecretRef(ref);
    const value = await this.call('read a secret', () => this.api.getPassword(this.service, keyringAccount(ref)));
    return value ?? undefined;
  }

  async has(ref: SecretRef): Promise<boolean> {
    return (await this.get(ref)) !== undefined;
  }

  async delete(ref: SecretRef): Promise<boolean> {
    assertValidSecretRef(ref);
    return this.call('delete a secret', () => this.api.deletePassword(this.service, keyringAccount(ref)));
  }

  async list(profile: string): Promise<string[]> {
    assertValidProfileName(profile);
    const credentials = await this.call('list secrets', () => this.api.findCredentials(this.service));
    const prefix = `${profile}/`;
    return credentials
      .map((credential) => credential.account)
      .filter((account) => account.startsWith(prefix) && isValidFieldName(account.slice(prefix.length)))
      .map((account) => account.slice(prefix.length))
      .sort();
  }

  async close(): Promise<void> {}

  private async call<T>(operation: string, work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(secretError('MB_KEYRING_TIMEOUT', { operation, ms: this.callTimeoutMs })), this.callTimeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([
        work().catch((error: unknown) => {
          throw secretError('MB_KEYRING_FAILED', { operation, problem: firstLine(error) }, error);
        }),
        deadline,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
