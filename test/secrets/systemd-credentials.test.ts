// systemd credentials (issue #2, AG-5): read-only secrets from a real temp
// $CREDENTIALS_DIRECTORY, forced alone or layered over the vault so a service can have
// some secrets as credentials and others set through mailbridge.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSecretStore } from '../../agent/secrets/open-secret-store.js';
import { headlessEnv, KEY_A_HEX, operatorErrorOf, removeTempDirs, tempDir } from './secrets-test-kit.js';

afterAll(removeTempDirs);

function credentialsDir(files: Record<string, string>): string {
  const dir = path.join(tempDir('creds'), 'credentials');
  mkdirSync(dir, { mode: 0o700 });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content, { mode: 0o400 });
  return dir;
}

describe('systemd credentials, forced (MAILBRIDGE_SECRET_BACKEND=systemd)', () => {
  it('reads <profile>.<field> files, drops one trailing newline, lists per profile and is read-only', async () => {
    const dir = credentialsDir({ 'acme.password': 's3cret\n', 'acme.clientSecret': 'cs-value', 'other.password': 'o', 'vault-key': KEY_A_HEX });
    const store = await openSecretStore({
      stateDir: tempDir('state'),
      env: headlessEnv({ CREDENTIALS_DIRECTORY: dir, MAILBRIDGE_SECRET_BACKEND: 'systemd' }),
    });
    expect(store.backend).toMatchObject({ name: 'systemd-credentials', writable: false });
    expect(store.backend.reason).toContain(dir);
    expect(await store.get({ profile: 'acme', field: 'password' })).toBe('s3cret');
    expect(await store.get({ profile: 'acme', field: 'clientSecret' })).toBe('cs-value');
    expect(await store.get({ profile: 'acme', field: 'token' })).toBeUndefined();
    expect(await store.has({ profile: 'other', field: 'password' })).toBe(true);
    expect(await store.list('acme')).toEqual(['clientSecret', 'password']);
    expect(await store.delete({ profile: 'acme', field: 'token' })).toBe(false);

    const setError = await operatorErrorOf(store.set({ profile: 'acme', field: 'password' }, 'new'));
    expect(setError.code).toBe('MB_SECRET_READ_ONLY');
    const steps = setError.fix.join('\n');
    expect(steps).toContain('systemd-creds encrypt --name=acme.password');
    expect(steps).toContain('LoadCredentialEncrypted=acme.password:/etc/credstore.encrypted/acme.password');
    expect((await operatorErrorOf(store.delete({ profile: 'acme', field: 'password' }))).code).toBe('MB_SECRET_READ_ONLY');
  });

  it('refuses to start when forced without $CREDENTIALS_DIRECTORY', async () => {
    const error = await operatorErrorOf(openSecretStore({ stateDir: tempDir('state'), env: headlessEnv({ MAILBRIDGE_SECRET_BACKEND: 'systemd' }) }));
    expect(error.code).toBe('MB_SECRET_BACKEND_UNAVAILABLE');
    expect(error.message).toContain('CREDENTIALS_DIRECTORY is not set');
  });
});

describe('systemd credentials in a service, with the vault for the rest', () => {
  it('reads credentials first, falls back to the vault, and keys the vault with the vault-key credential', async () => {
    const dir = credentialsDir({ 'acme.password': 'from-credential', 'vault-key': `${KEY_A_HEX}\n` });
    const stateDir = tempDir('state');
    const env = headlessEnv({ CREDENTIALS_DIRECTORY: dir });
    const store = await openSecretStore({ stateDir, env });
    expect(store.backend.name).toBe('systemd-credentials');
    expect(store.backend.writable).toBe(true);
    expect(store.backend.fallback?.name).toBe('vault');
    expect(store.backend.fallback?.reason).toContain('the systemd credential "vault-key"');
    expect(store.backend.fallback?.reason).toMatch(/D-Bus session bus/);

    await store.set({ profile: 'acme', field: 'clientSecret' }, 'from-vault');
    expect(await store.get({ profile: 'acme', field: 'password' })).toBe('from-credential');
    expect(await store.get({ profile: 'acme', field: 'clientSecret' })).toBe('from-vault');
    expect(await store.list('acme')).toEqual(['clientSecret', 'password']);

    const shadowed = await operatorErrorOf(store.set({ profile: 'acme', field: 'password' }, 'x'));
    expect(shadowed.code).toBe('MB_SECRET_PROVIDED_BY_CREDENTIAL');
    expect((await operatorErrorOf(store.delete({ profile: 'acme', field: 'password' }))).code).toBe('MB_SECRET_PROVIDED_BY_CREDENTIAL');
    expect(await store.delete({ profile: 'acme', field: 'clientSecret' })).toBe(true);

    // The vault used the credential's key, not a generated key file.
    const vaultOnly = await openSecretStore({ stateDir, env: headlessEnv({ MAILBRIDGE_SECRET_BACKEND: 'vault', MAILBRIDGE_VAULT_KEY: KEY_A_HEX }) });
    await vaultOnly.set({ profile: 'b', field: 'password' }, 'pw');
    expect(await store.get({ profile: 'b', field: 'password' })).toBe('pw');
  });

  it('an invalid vault-key credential is reported against the credential', async () => {
    const dir = credentialsDir({ 'vault-key': 'short' });
    const error = await operatorErrorOf(openSecretStore({ stateDir: tempDir('state'), env: headlessEnv({ CREDENTIALS_DIRECTORY: dir }) }));
    expect(error.code).toBe('MB_VAULT_KEY_INVALID');
    expect(error.message).toContain('the systemd credential "vault-key"');
  });
});
