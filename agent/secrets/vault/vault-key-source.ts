/**
 * Where the vault key comes from, in order:
 * 1. MAILBRIDGE_VAULT_KEY (for containers and scripted installs),
 * 2. the systemd credential `vault-key` ($CREDENTIALS_DIRECTORY/vault-key, for a service:
 *    `systemd-creds encrypt --name=vault-key …` + `LoadCredentialEncrypted=vault-key`),
 * 3. the key file `vault.key` in the 0700 state directory (mode 0600), generated on
 *    first use — but never while a vault already exists, since a new key could not
 *    open it and the next write would replace the old secrets.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Env } from '../../../src/paths.js';
import { secretError } from '../secret-errors.js';
import { createFileExclusive } from './atomic-file.js';
import { formatVaultKey, parseVaultKey, VAULT_KEY_BYTES } from './vault-key-format.js';

export const VAULT_KEY_ENV = 'MAILBRIDGE_VAULT_KEY';
export const VAULT_KEY_CREDENTIAL = 'vault-key';
export const VAULT_KEY_FILE = 'vault.key';

export interface VaultKey {
  key: Buffer;
  /** Where it came from, for reasons and errors: never the key itself. */
  source: string;
  generated: boolean;
}

export interface ResolveVaultKeyOptions {
  env: Env;
  keyPath: string;
  vaultPath: string;
}

function parsedOrThrow(text: string, source: string): Buffer {
  const parsed = parseVaultKey(text);
  if (!parsed.ok) throw secretError('MB_VAULT_KEY_INVALID', { source, problem: parsed.problem });
  return parsed.key;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw secretError('MB_SECRET_FILE_IO', { path: file, operation: 'read', errno: (error as NodeJS.ErrnoException).code ?? String(error) }, error);
  }
}

async function exists(file: string): Promise<boolean> {
  return fsp.access(file).then(() => true, () => false);
}

export async function resolveVaultKey(options: ResolveVaultKeyOptions): Promise<VaultKey> {
  const fromEnv = options.env[VAULT_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { key: parsedOrThrow(fromEnv, VAULT_KEY_ENV), source: VAULT_KEY_ENV, generated: false };
  }

  const credentialsDir = options.env.CREDENTIALS_DIRECTORY;
  if (credentialsDir) {
    const credentialPath = path.join(credentialsDir, VAULT_KEY_CREDENTIAL);
    const text = await readIfExists(credentialPath);
    if (text !== undefined) {
      const source = `the systemd credential "${VAULT_KEY_CREDENTIAL}"`;
      return { key: parsedOrThrow(text, source), source, generated: false };
    }
  }

  const existing = await readKeyFile(options.keyPath);
  if (existing) return existing;

  if (await exists(options.vaultPath)) {
    throw secretError('MB_VAULT_KEY_MISSING', { vaultPath: options.vaultPath, keyPath: options.keyPath });
  }
  const key = randomBytes(VAULT_KEY_BYTES);
  const created = await createFileExclusive(options.keyPath, formatVaultKey(key), 0o600).catch((error: unknown) => {
    throw secretError('MB_SECRET_FILE_IO', { path: options.keyPath, operation: 'create the vault key file', errno: (error as NodeJS.ErrnoException).code ?? String(error) }, error);
  });
  if (!created) {
    // Another process generated one between our read and our create: use theirs.
    const raced = await readKeyFile(options.keyPath);
    if (raced) return raced;
  }
  return { key, source: `the key file ${options.keyPath} (generated)`, generated: true };
}

async function readKeyFile(keyPath: string): Promise<VaultKey | undefined> {
  let stat;
  try {
    stat = await fsp.stat(keyPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw secretError('MB_SECRET_FILE_IO', { path: keyPath, operation: 'read', errno: (error as NodeJS.ErrnoException).code ?? String(error) }, error);
  }
  if ((stat.mode & 0o077) !== 0) {
    throw secretError('MB_VAULT_KEY_FILE_MODE', { keyPath, mode: (stat.mode & 0o777).toString(8).padStart(4, '0') });
  }
  const text = await readIfExists(keyPath);
  if (text === undefined) return undefined;
  const source = `the key file ${keyPath}`;
  return { key: parsedOrThrow(text, source), source, generated: false };
}
