/**
 * systemd credentials: secrets provisioned by the service manager
 * (`LoadCredentialEncrypted=<profile>.<field>:…`) and handed to the agent as files in
 * $CREDENTIALS_DIRECTORY. Read-only by design: set and delete explain how to
 * provision with `systemd-creds encrypt` instead.
 *
 * One trailing newline is dropped from a credential, since values written with
 * `echo` or an editor end in one and no password does.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { secretError } from './secret-errors.js';
import { assertValidProfileName, assertValidSecretRef, credentialName, isValidFieldName } from './secret-ref.js';
import type { SecretBackendInfo, SecretRef, SecretStore } from './secret-store.js';

export class SystemdCredentialsStore implements SecretStore {
  readonly backend: SecretBackendInfo;

  constructor(
    readonly directory: string,
    reason: string,
  ) {
    this.backend = { name: 'systemd-credentials', reason, writable: false };
  }

  async set(ref: SecretRef): Promise<void> {
    assertValidSecretRef(ref);
    throw secretError('MB_SECRET_READ_ONLY', { credential: credentialName(ref), operation: 'store' });
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    assertValidSecretRef(ref);
    const file = path.join(this.directory, credentialName(ref));
    try {
      const text = await fsp.readFile(file, 'utf8');
      return text.replace(/\r?\n$/, '');
    } catch (error) {
      const errno = (error as NodeJS.ErrnoException).code;
      if (errno === 'ENOENT') return undefined;
      throw secretError('MB_SECRET_FILE_IO', { path: file, operation: 'read the credential', errno: errno ?? String(error) }, error);
    }
  }

  async has(ref: SecretRef): Promise<boolean> {
    return (await this.get(ref)) !== undefined;
  }

  async delete(ref: SecretRef): Promise<boolean> {
    assertValidSecretRef(ref);
    if (!(await this.has(ref))) return false;
    throw secretError('MB_SECRET_READ_ONLY', { credential: credentialName(ref), operation: 'delete' });
  }

  async list(profile: string): Promise<string[]> {
    assertValidProfileName(profile);
    const prefix = `${profile}.`;
    const names = await fsp.readdir(this.directory).catch(() => [] as string[]);
    return names
      .filter((name) => name.startsWith(prefix) && isValidFieldName(name.slice(prefix.length)))
      .map((name) => name.slice(prefix.length))
      .sort();
  }

  async close(): Promise<void> {}
}
