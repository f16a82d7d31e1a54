/**
 * Chooses and opens the secret store for the agent (AG-5), and says why.
 *
 * - MAILBRIDGE_SECRET_BACKEND=keytar|vault|systemd forces one backend; if it is not
 *   available the agent refuses to start with the reason (no silent fallback).
 * - Otherwise the writable backend is the vault if one already exists in the state
 *   directory (switching would hide the secrets stored in it), else keytar when a
 *   Secret Service answers (probed in a child process with a deadline), else a new vault.
 * - When $CREDENTIALS_DIRECTORY is set (a systemd service), credentials are read
 *   first and the writable backend holds everything else (CredentialsFirstStore).
 *
 * `env` is the environment the agent runs with (process.env in production): the probe
 * child and the key lookup see exactly what keytar and the vault will see.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Env } from '../../src/paths.js';
import { CredentialsFirstStore } from './credentials-first-store.js';
import { loadKeytar } from './keytar/keytar-module.js';
import { KEYTAR_SERVICE, KeytarSecretStore } from './keytar/keytar-secret-store.js';
import { probeSecretService, type ProbeResult } from './keytar/secret-service-probe.js';
import { secretError } from './secret-errors.js';
import type { SecretStore } from './secret-store.js';
import { SystemdCredentialsStore } from './systemd-credentials-store.js';
import { openVaultSecretStore, VAULT_FILE } from './vault/vault-secret-store.js';

export const SECRET_BACKEND_ENV = 'MAILBRIDGE_SECRET_BACKEND';
/** Keyring service name override, so two installations (or test runs) on one keyring stay apart. */
export const KEYRING_SERVICE_ENV = 'MAILBRIDGE_KEYRING_SERVICE';

/** The values MAILBRIDGE_SECRET_BACKEND (and `prefer`) accept. */
export const SECRET_BACKEND_CHOICES = ['keytar', 'vault', 'systemd'] as const;
export type SecretBackendChoice = (typeof SECRET_BACKEND_CHOICES)[number];

export interface OpenSecretStoreOptions {
  /** The 0700 state directory: the vault and its key file live here. */
  stateDir: string;
  env: Env;
  /**
   * A soft preference (e.g. from configuration): used when available, otherwise the
   * usual choice applies. MAILBRIDGE_SECRET_BACKEND, a hard choice, wins over it.
   */
  prefer?: SecretBackendChoice;
  /** Keyring service name; default MAILBRIDGE_KEYRING_SERVICE, else `mailbridge`. */
  keytarService?: string;
  probeTimeoutMs?: number;
  keyringCallTimeoutMs?: number;
}

export function parseBackendChoice(value: string | undefined): SecretBackendChoice | undefined {
  const normalized = value?.trim().toLowerCase();
  if (!normalized) return undefined;
  if (normalized === 'systemd-credentials') return 'systemd';
  if ((SECRET_BACKEND_CHOICES as readonly string[]).includes(normalized)) return normalized as SecretBackendChoice;
  throw secretError('MB_SECRET_BACKEND_UNKNOWN', { value: value ?? '' });
}

export async function openSecretStore(options: OpenSecretStoreOptions): Promise<SecretStore> {
  const forced = parseBackendChoice(options.env[SECRET_BACKEND_ENV]);
  if (forced) return openForced(forced, options);

  const credentialsDir = options.env.CREDENTIALS_DIRECTORY;
  const writable = await openWritable(options);
  if (!credentialsDir) return writable;
  const credentials = new SystemdCredentialsStore(
    credentialsDir,
    `The agent runs as a systemd service with $CREDENTIALS_DIRECTORY (${credentialsDir}): secrets provisioned as credentials named <profile>.<field> are read from there first; the others are kept by the ${writable.backend.name} backend.`,
  );
  return new CredentialsFirstStore(credentials, writable);
}

async function openForced(choice: SecretBackendChoice, options: OpenSecretStoreOptions): Promise<SecretStore> {
  const forcedBy = `Forced by ${SECRET_BACKEND_ENV}=${choice}.`;
  switch (choice) {
    case 'vault':
      return openVaultSecretStore({ stateDir: options.stateDir, env: options.env, reason: forcedBy });
    case 'systemd': {
      const dir = options.env.CREDENTIALS_DIRECTORY;
      if (!dir) {
        throw secretError('MB_SECRET_BACKEND_UNAVAILABLE', {
          backend: 'systemd',
          reason: '$CREDENTIALS_DIRECTORY is not set; the agent is not running as a systemd service with LoadCredential=/LoadCredentialEncrypted=',
        });
      }
      return new SystemdCredentialsStore(dir, `${forcedBy} Credentials are read from ${dir} (read-only).`);
    }
    case 'keytar': {
      const answer = await probe(options);
      const store = answer.available ? await openKeytar(options, `${forcedBy} ${capitalize(answer.reason)}.`) : answer;
      if (store instanceof KeytarSecretStore) return store;
      throw secretError('MB_SECRET_BACKEND_UNAVAILABLE', { backend: 'keytar', reason: store.reason });
    }
  }
}

async function openWritable(options: OpenSecretStoreOptions): Promise<SecretStore> {
  if (options.prefer === 'vault') {
    return openVaultSecretStore({ stateDir: options.stateDir, env: options.env, reason: 'The encrypted file vault is the configured preference.' });
  }
  const existingVault = path.join(options.stateDir, VAULT_FILE);
  if (existsSync(existingVault)) {
    return openVaultSecretStore({
      stateDir: options.stateDir,
      env: options.env,
      reason: `The encrypted file vault is used because it already holds this installation's secrets (set ${SECRET_BACKEND_ENV}=keytar to use the OS keyring instead, then enter the secrets again).`,
    });
  }
  const result = await probe(options);
  if (result.available) {
    const store = await openKeytar(options, `The OS keyring is used because ${result.reason}.`);
    if (store instanceof KeytarSecretStore) return store;
    return openVault(options, store.reason);
  }
  return openVault(options, result.reason);
}

function openVault(options: OpenSecretStoreOptions, whyNotKeytar: string): Promise<SecretStore> {
  return openVaultSecretStore({
    stateDir: options.stateDir,
    env: options.env,
    reason: `The encrypted file vault is used because the OS keyring is not usable: ${whyNotKeytar}.`,
  });
}

function keyringService(options: OpenSecretStoreOptions): string {
  return options.keytarService ?? (options.env[KEYRING_SERVICE_ENV]?.trim() || KEYTAR_SERVICE);
}

function probe(options: OpenSecretStoreOptions): Promise<ProbeResult> {
  return probeSecretService({ env: options.env, service: keyringService(options), timeoutMs: options.probeTimeoutMs });
}

async function openKeytar(options: OpenSecretStoreOptions, reason: string): Promise<KeytarSecretStore | { available: false; reason: string }> {
  const loaded = await loadKeytar();
  if (!loaded.ok) return { available: false, reason: loaded.reason };
  return new KeytarSecretStore({
    api: loaded.api,
    reason,
    service: keyringService(options),
    callTimeoutMs: options.keyringCallTimeoutMs,
    confirmAnswering: () => probe(options),
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
