/**
 * Secrets in the OS keyring through keytar: service `mailbridge`, account
 * `<profile>/<field>`, plus one index item per profile (`<profile>/#fields`, a JSON
 * list of field names) that `list` reads.
 *
 * Why an index and not keytar's findCredentials: with a locked keyring libsecret
 * crashes the whole process inside findCredentials (SIGSEGV, seen with gnome-keyring),
 * so the agent never calls it; only the probe child does. And why a miss is
 * double-checked: with a locked keyring getPassword quietly returns null, which must
 * not read as "this secret is not set". Every call also has a deadline, so a keyring
 * that hangs becomes an operator error, not a hung agent.
 */
import { secretError } from '../secret-errors.js';
import { assertValidProfileName, assertValidSecretRef, assertValidSecretValue, isValidFieldName, keyringAccount } from '../secret-ref.js';
import type { SecretBackendInfo, SecretRef, SecretStore } from '../secret-store.js';
import { firstLine, type KeytarApi } from './keytar-module.js';
import type { ProbeResult } from './secret-service-probe.js';

export const KEYTAR_SERVICE = 'mailbridge';
export const DEFAULT_KEYRING_CALL_TIMEOUT_MS = 10_000;
/**
 * keytar runs each call on a libuv pool thread (4 by default), shared with all file
 * I/O. A call past its deadline still holds its thread, so after this many the store
 * stops calling the keyring until they return, instead of starving the agent's I/O.
 */
export const MAX_STUCK_KEYRING_CALLS = 2;

export interface KeytarStoreOptions {
  api: KeytarApi;
  reason: string;
  /** Asks (out of process) whether the Secret Service answers; used to tell "absent" from "locked". */
  confirmAnswering: () => Promise<ProbeResult>;
  service?: string;
  callTimeoutMs?: number;
}

/** The index item's account; `#` never appears in a field name, so it cannot collide. */
export function fieldIndexAccount(profile: string): string {
  return `${profile}/#fields`;
}

export class KeytarSecretStore implements SecretStore {
  readonly backend: SecretBackendInfo;
  readonly service: string;
  private readonly api: KeytarApi;
  private readonly callTimeoutMs: number;
  private readonly confirmAnswering: () => Promise<ProbeResult>;
  private queue: Promise<unknown> = Promise.resolve();
  /** Calls past their deadline that have not returned yet. */
  private stuck = 0;

  constructor(options: KeytarStoreOptions) {
    this.api = options.api;
    this.service = options.service ?? KEYTAR_SERVICE;
    this.callTimeoutMs = options.callTimeoutMs ?? DEFAULT_KEYRING_CALL_TIMEOUT_MS;
    this.confirmAnswering = options.confirmAnswering;
    this.backend = { name: 'keytar', reason: options.reason, writable: true };
  }

  async set(ref: SecretRef, value: string): Promise<void> {
    assertValidSecretRef(ref);
    assertValidSecretValue(ref, value);
    await this.exclusive(async () => {
      await this.call('store a secret', () => this.api.setPassword(this.service, keyringAccount(ref), value));
      const fields = await this.readIndex(ref.profile);
      if (!fields.includes(ref.field)) await this.writeIndex(ref.profile, [...fields, ref.field]);
    });
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    assertValidSecretRef(ref);
    const value = await this.call('read a secret', () => this.api.getPassword(this.service, keyringAccount(ref)));
    if (value !== null) return value;
    await this.confirmMiss('read a secret');
    return undefined;
  }

  async has(ref: SecretRef): Promise<boolean> {
    return (await this.get(ref)) !== undefined;
  }

  async delete(ref: SecretRef): Promise<boolean> {
    assertValidSecretRef(ref);
    return this.exclusive(async () => {
      const deleted = await this.call('delete a secret', () => this.api.deletePassword(this.service, keyringAccount(ref)));
      if (!deleted) await this.confirmMiss('delete a secret');
      const fields = await this.readIndex(ref.profile);
      if (fields.includes(ref.field)) await this.writeIndex(ref.profile, fields.filter((field) => field !== ref.field));
      return deleted;
    });
  }

  async list(profile: string): Promise<string[]> {
    assertValidProfileName(profile);
    return this.exclusive(async () => [...(await this.readIndex(profile))].sort());
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  private async readIndex(profile: string): Promise<string[]> {
    const text = await this.call('list secrets', () => this.api.getPassword(this.service, fieldIndexAccount(profile)));
    if (text === null) {
      await this.confirmMiss('list secrets');
      return [];
    }
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? parsed.filter((field): field is string => typeof field === 'string' && isValidFieldName(field)) : [];
    } catch {
      return []; // A damaged index only hides names; the secrets themselves are intact.
    }
  }

  private async writeIndex(profile: string, fields: string[]): Promise<void> {
    const account = fieldIndexAccount(profile);
    if (fields.length === 0) await this.call('update the secret list', () => this.api.deletePassword(this.service, account));
    else await this.call('update the secret list', () => this.api.setPassword(this.service, account, JSON.stringify(fields)));
  }

  /**
   * A keyring that found nothing might be locked: ask out of process before believing
   * it. Not cached, since a keyring can lock at any moment (screen lock, logout).
   */
  private async confirmMiss(operation: string): Promise<void> {
    const answer = await this.confirmAnswering();
    if (!answer.available) throw secretError('MB_KEYRING_UNAVAILABLE', { operation, reason: answer.reason });
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async call<T>(operation: string, work: () => Promise<T>): Promise<T> {
    if (this.stuck >= MAX_STUCK_KEYRING_CALLS) {
      throw secretError('MB_KEYRING_UNAVAILABLE', {
        operation,
        reason: `${this.stuck} earlier keyring calls have not returned; mailbridge stops calling the keyring until they do, to keep its own I/O threads free`,
      });
    }
    let timer: NodeJS.Timeout | undefined;
    const pending = work();
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.stuck += 1;
        const unstuck = (): void => {
          this.stuck -= 1;
        };
        pending.then(unstuck, unstuck);
        reject(secretError('MB_KEYRING_TIMEOUT', { operation, ms: this.callTimeoutMs }));
      }, this.callTimeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([
        pending.catch((error: unknown) => {
          throw secretError('MB_KEYRING_FAILED', { operation, problem: firstLine(error) }, error);
        }),
        deadline,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
