/**
 * The encrypted file vault: one AES-256-GCM file (`secrets.vault`, 0600) in the
 * 0700 state directory, for hosts without a Secret Service (servers, SSH sessions).
 *
 * Every operation reads the file afresh and every change replaces it atomically, so
 * a crash never leaves a torn vault and nothing is cached in memory longer than a
 * call; writes from several processes take turns (vault-write-lock.ts). A vault that
 * cannot be read (wrong key, tampered, damaged, newer) is never overwritten: reads
 * and writes fail with the same operator error until it is fixed.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { InternalError } from '../../../src/errors/operator-error.js';
import type { Env } from '../../../src/paths.js';
import { secretError } from '../secret-errors.js';
import { assertValidProfileName, assertValidSecretRef, assertValidSecretValue } from '../secret-ref.js';
import type { SecretBackendInfo, SecretRef, SecretStore } from '../secret-store.js';
import { sweepStaleTemps, writeFileAtomic } from './atomic-file.js';
import { openVault, sealVault, type VaultEntries } from './vault-envelope.js';
import { resolveVaultKey, VAULT_KEY_FILE, type VaultKey } from './vault-key-source.js';
import { ensurePrivateDir } from './private-dir.js';
import { withVaultWriteLock } from './vault-write-lock.js';

export const VAULT_FILE = 'secrets.vault';
/** Temporary files older than this are leftovers of a crash, not a write in progress. */
const STALE_TEMP_MS = 60_000;

export interface OpenVaultOptions {
  stateDir: string;
  env: Env;
  /** Why the chooser picked the vault; the key source is appended. */
  reason?: string;
  /** How long a write waits for another process's write lock. */
  lockTimeoutMs?: number;
}

export class VaultSecretStore implements SecretStore {
  readonly backend: SecretBackendInfo;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    readonly vaultPath: string,
    private readonly vaultKey: VaultKey,
    reason: string,
    private readonly lockTimeoutMs = 5000,
  ) {
    this.backend = { name: 'vault', reason: `${reason} Vault ${vaultPath}, key from ${vaultKey.source}.`, writable: true };
  }

  get keySource(): string {
    return this.vaultKey.source;
  }

  async set(ref: SecretRef, value: string): Promise<void> {
    assertValidSecretRef(ref);
    assertValidSecretValue(ref, value);
    await this.change((entries) => {
      let fields = entries.get(ref.profile);
      if (!fields) entries.set(ref.profile, (fields = new Map()));
      fields.set(ref.field, value);
      return true;
    });
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    assertValidSecretRef(ref);
    const entries = await this.exclusive(() => this.read());
    return entries.get(ref.profile)?.get(ref.field);
  }

  async has(ref: SecretRef): Promise<boolean> {
    return (await this.get(ref)) !== undefined;
  }

  async delete(ref: SecretRef): Promise<boolean> {
    assertValidSecretRef(ref);
    return this.change((entries) => {
      const fields = entries.get(ref.profile);
      if (!fields?.delete(ref.field)) return false;
      if (fields.size === 0) entries.delete(ref.profile);
      return true;
    });
  }

  async list(profile: string): Promise<string[]> {
    assertValidProfileName(profile);
    const entries = await this.exclusive(() => this.read());
    return [...(entries.get(profile)?.keys() ?? [])].sort();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue.catch(() => undefined);
  }

  /** Reads and decrypts the vault; a missing file is an empty vault. */
  async read(): Promise<VaultEntries> {
    let text: string;
    try {
      text = await fsp.readFile(this.vaultPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw secretError('MB_SECRET_FILE_IO', { path: this.vaultPath, operation: 'read', errno: (error as NodeJS.ErrnoException).code ?? String(error) }, error);
    }
    const opened = openVault(text, this.vaultKey.key);
    if (opened.ok) return opened.entries;
    switch (opened.kind) {
      case 'wrong-key':
        throw secretError('MB_VAULT_WRONG_KEY', { vaultPath: this.vaultPath, keySource: this.vaultKey.source });
      case 'tampered':
        throw secretError('MB_VAULT_TAMPERED', { vaultPath: this.vaultPath });
      case 'newer':
        throw secretError('MB_VAULT_FROM_NEWER_VERSION', { vaultPath: this.vaultPath, version: opened.version });
      case 'corrupt':
        throw secretError('MB_VAULT_CORRUPT', { vaultPath: this.vaultPath, problem: opened.problem });
    }
  }

  private async change(mutate: (entries: VaultEntries) => boolean): Promise<boolean> {
    const lock = { vaultPath: this.vaultPath, lockPath: `${this.vaultPath}.lock`, tempPrefix: `${this.vaultPath}.tmp-`, timeoutMs: this.lockTimeoutMs };
    return this.exclusive(() => withVaultWriteLock(lock, async () => {
      const entries = await this.read();
      const changed = mutate(entries);
      if (changed) {
        try {
          await writeFileAtomic(this.vaultPath, sealVault(entries, this.vaultKey.key), 0o600);
        } catch (error) {
          throw secretError('MB_SECRET_FILE_IO', { path: this.vaultPath, operation: 'write', errno: (error as NodeJS.ErrnoException).code ?? String(error) }, error);
        }
      }
      return changed;
    }));
  }

  /** One read-modify-write at a time within the process, so concurrent calls never lose an update. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new InternalError('the secret vault was used after close()', { vaultPath: this.vaultPath }));
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

export async function openVaultSecretStore(options: OpenVaultOptions): Promise<VaultSecretStore> {
  await ensurePrivateDir(options.stateDir);
  const vaultPath = path.join(options.stateDir, VAULT_FILE);
  const keyPath = path.join(options.stateDir, VAULT_KEY_FILE);
  const vaultKey = await resolveVaultKey({ env: options.env, keyPath, vaultPath });
  await sweepStaleTemps(vaultPath, STALE_TEMP_MS);
  const store = new VaultSecretStore(vaultPath, vaultKey, options.reason ?? 'Encrypted file vault.', options.lockTimeoutMs);
  // Surface a wrong key or a damaged vault when the agent starts, not at the first sync.
  await store.read();
  return store;
}
