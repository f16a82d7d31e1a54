// The encrypted file vault (AG-5, issue #2): round trip, key sources and formats, file
// modes, wrong key / tampered / damaged files reported without touching the file, and
// crash safety of the atomic write — all against real files in a temp state directory.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openVaultSecretStore, VAULT_FILE } from '../../agent/secrets/vault/vault-secret-store.js';
import { headlessEnv, KEY_A_HEX, KEY_B_HEX, operatorErrorOf, removeTempDirs, tempDir } from './secrets-test-kit.js';

afterAll(removeTempDirs);

const ref = { profile: 'acme-onprem', field: 'password' };
const SECRET = 'Winter2026!-äöü-🔑';

function modeOf(file: string): number {
  return statSync(file).mode & 0o777;
}

describe('vault: round trip', () => {
  it('stores, reads, lists and deletes, and a second instance reads what the first wrote', async () => {
    const stateDir = path.join(tempDir('vault'), 'state');
    const env = headlessEnv({ MAILBRIDGE_VAULT_KEY: KEY_A_HEX });
    const vault = await openVaultSecretStore({ stateDir, env });
    expect(vault.backend).toMatchObject({ name: 'vault', writable: true });
    expect(await vault.get(ref)).toBeUndefined();
    expect(await vault.has(ref)).toBe(false);

    await vault.set(ref, SECRET);
    await vault.set({ profile: 'acme-onprem', field: 'clientSecret' }, 'cs');
    await vault.set({ profile: 'other', field: 'password' }, 'other-pw');
    expect(await vault.get(ref)).toBe(SECRET);
    expect(await vault.has(ref)).toBe(true);
    expect(await vault.list('acme-onprem')).toEqual(['clientSecret', 'password']);

    const again = await openVaultSecretStore({ stateDir, env });
    expect(await again.get(ref)).toBe(SECRET);
    expect(await again.delete(ref)).toBe(true);
    expect(await again.delete(ref)).toBe(false);
    expect(await vault.get(ref)).toBeUndefined();
    expect(await vault.list('acme-onprem')).toEqual(['clientSecret']);
    expect(await vault.list('nobody')).toEqual([]);

    const onDisk = readFileSync(path.join(stateDir, VAULT_FILE), 'utf8');
    expect(onDisk).not.toContain('other-pw');
    expect(onDisk).not.toContain('acme-onprem');
    expect(onDisk).not.toContain(KEY_A_HEX);
    await vault.close();
    await again.close();
  });

  it('keeps every update when many writes run at once', async () => {
    const vault = await openVaultSecretStore({ stateDir: tempDir('vault'), env: headlessEnv({ MAILBRIDGE_VAULT_KEY: KEY_A_HEX }) });
    await Promise.all(Array.from({ length: 25 }, (_, i) => vault.set({ profile: `p${i}`, field: 'password' }, `v${i}`)));
    for (let i = 0; i < 25; i += 1) expect(await vault.get({ profile: `p${i}`, field: 'password' })).toBe(`v${i}`);
  });

  it('uses a fresh IV for every write', async () => {
    const stateDir = tempDir('vault');
    const vault = await openVaultSecretStore({ stateDir, env: headlessEnv({ MAILBRIDGE_VAULT_KEY: KEY_A_HEX }) });
    await vault.set(ref, 'same');
    const first = JSON.parse(readFileSync(path.join(stateDir, VAULT_FILE), 'utf8')) as { iv: string; ciphertext: string };
    await vault.set(ref, 'same');
    const second = JSON.parse(readFileSync(path.join(stateDir, VAULT_FILE), 'utf8')) as { iv: string; ciphertext: string };
    expect(second.iv).not.toBe(first.iv);
    expect(second.ciphertext).not.toBe(first.ciphertext);
  });

  it('refuses an empty value and names that would escape their slot', async () => {
    const vault = await openVaultSecretStore({ stateDir: tempDir('vault'), env: headlessEnv({ MAILBRIDGE_VAULT_KEY: KEY_A_HEX }) });
    expect((await operatorErrorOf(vault.set(ref, ''))).code).toBe('MB_SECRET_EMPTY');
    expect((await operatorErrorOf(vault.set({ profile: '../etc', field: 'password' }, 'x'))).code).toBe('MB_SECRET_NAME_INVALID');
    const badField = await operatorErrorOf(vault.get({ profile: 'p', field: 'pass.word' }));
    expect(badField).toMatchObject({ code: 'MB_SECRET_NAME_INVALID', field: 'field' });
  });
});

describe('vault: files and modes', () => {
  it('creates the state directory 0700 (tightening an existing one), the vault and the key file 0600', async () => {
    const stateDir = path.join(tempDir('vault'), 'state');
    mkdirSync(stateDir, { mode: 0o755 });
    chmodSync(stateDir, 0o755);
    const vault = await openVaultSecretStore({ stateDir, env: headlessEnv() });
    await vault.set(ref, SECRET);
    expect(modeOf(stateDir)).toBe(0o700);
    expect(modeOf(path.join(stateDir, VAULT_FILE))).toBe(0o600);
    expect(modeOf(path.join(stateDir, 'vault.key'))).toBe(0o600);
  });

  it('generates a key file once and reuses it', async () => {
    const stateDir = tempDir('vault');
    const first = await openVaultSecretStore({ stateDir, env: headlessEnv() });
    expect(first.backend.reason).toMatch(/key file .*vault\.key \(generated\)/);
    const keyText = readFileSync(path.join(stateDir, 'vault.key'), 'utf8');
    expect(keyText).toMatch(/^[0-9a-f]{64}\n$/);
    await first.set(ref, SECRET);

    const second = await openVaultSecretStore({ stateDir, env: headlessEnv() });
    expect(second.backend.reason).not.toContain('generated');
    expect(readFileSync(path.join(stateDir, 'vault.key'), 'utf8')).toBe(keyText);
    expect(await second.get(ref)).toBe(SECRET);
    // The reason names where the key is, never the key.
    expect(second.backend.reason).not.toContain(keyText.trim());
  });

  it('refuses a key file other users can read', async () => {
    const stateDir = tempDir('vault');
    await openVaultSecretStore({ stateDir, env: headlessEnv() });
    chmodSync(path.join(stateDir, 'vault.key'), 0o644);
    const error = await operatorErrorOf(openVaultSecretStore({ stateDir, env: headlessEnv() }));
    expect(error.code).toBe('MB_VAULT_KEY_FILE_MODE');
    expect(error.fix.join('\n')).toContain(`chmod 600 ${path.join(stateDir, 'vault.key')}`);
  });

  it('does not generate a new key while a vault exists without one', async () => {
    const stateDir = tempDir('vault');
    const vault = await openVaultSecretStore({ stateDir, env: headlessEnv() });
    await vault.set(ref, SECRET);
    const vaultBytes = readFileSync(path.join(stateDir, VAULT_FILE));
    const keyPath = path.join(stateDir, 'vault.key');
    rmSync(keyPath);

    const error = await operatorErrorOf(openVaultSecretStore({ stateDir, env: headlessEnv() }));
    expect(error.code).toBe('MB_VAULT_KEY_MISSING');
    expect(existsSync(keyPath)).toBe(false);
    expect(readFileSync(path.join(stateDir, VAULT_FILE)).equals(vaultBytes)).toBe(true);
  });
});

describe('vault: key from MAILBRIDGE_VAULT_KEY', () => {
  it('accepts 64 hex characters and base64 of the same 32 bytes as the same key', async () => {
    const stateDir = tempDir('vault');
    const hexVault = await openVaultSecretStore({ stateDir, env: headlessEnv({ MAILBRIDGE_VAULT_KEY: `  ${KEY_A_HEX}\n` }) });
    expect(hexVault.backend.reason).toContain('key from MAILBRIDGE_VAULT_KEY');
    await hexVault.set(ref, SECRET);
    const base64 = Buffer.from(KEY_A_HEX, 'hex').toString('base64');
    const base64Vault = await openVaultSecretStore({ stateDir, env: headlessEnv({ MAILBRIDGE_VAULT_KEY: base64 }) });
    expect(await base64Vault.get(ref)).toBe(SECRET);
    expect(existsSync(path.join(stateDir, 'vault.key'))).toBe(false);
  });

  it.each([
    ['not hex nor base64', 'not a key!', /neither 64 hex characters nor base64/],
    ['too short', 'abc123', /decodes to 4 bytes; it must be 32 bytes/],
    ['16 bytes of base64', Buffer.alloc(16, 1).toString('base64'), /decodes to 16 bytes/],
    ['63 hex characters', 'a'.repeat(63), /neither 64 hex|decodes to/],
  ])('rejects a key that is %s with a clear error', async (_label, key, problem) => {
    const error = await operatorErrorOf(openVaultSecretStore({ stateDir: tempDir('vault'), env: headlessEnv({ MAILBRIDGE_VAULT_KEY: key }) }));
    expect(error.code).toBe('MB_VAULT_KEY_INVALID');
    expect(error.field).toBe('MAILBRIDGE_VAULT_KEY');
    expect(error.message).toMatch(problem);
    expect(error.fix.join(' ')).toContain('openssl rand -hex 32');
    expect(error.message).not.toContain(key);
  });
});

describe('vault: wrong key, tampering and damage never lose data', () => {
  async function vaultWithSecret(): Promise<{ stateDir: string; vaultPath: string; bytes: Buffer }> {
    const stateDir = tempDir('vault');
    const vault = await openVaultSecretStore({ stateDir, env: headlessEnv({ MAILBRIDGE_VAULT_KEY: KEY_A_HEX }) });
    await vault.set(ref, SECRET);
    const vaultPath = path.join(stateDir, VAULT_FILE);
    return { stateDir, vaultPath, bytes: readFileSync(vaultPath) };
  }

  it('a wrong key is reported as such at open, and the vault is left as it was', async () => {
    const { stateDir, vaultPath, bytes } = await vaultWithSecret();
    const error = await operatorErrorOf(openVaultSecretStore({ stateDir, env: headlessEnv({ MAILBRIDGE_VAULT_KEY: KEY_B_HEX }) }));
    expect(error.code).toBe('MB_VAULT_WRONG_KEY');
    expect(error.message).toContain(vaultPath);
    expect(error.message).toContain('MAILBRIDGE_VAULT_KEY');
    expect(error.fix.join('\n')).toContain(`mv ${vaultPath} ${vaultPath}.lost`);
    expect(readFileSync(vaultPath).equals(bytes)).toBe(true);
  });

  it('a modified ciphertext fails the integrity check; reads and writes both refuse', async () => {
    const { stateDir, vaultPath } = await vaultWithSecret();
    const vault = await openVaultSecretStore({ stateDir, env: headlessEnv({ MAILBRIDGE_VAULT_KEY: KEY_A_HEX }) });
    const envelope = JSON.parse(readFileSync(vaultPath, 'utf8')) as { ciphertext: string };
    const ciphertext = Buffer.from(envelope.ciphertext, 'base64');
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 0x01;
    writeFileSync(vaultPath, JSON.stringify({ ...envelope, ciphertext: ciphertext.toString('base64') }));
    const tampered = readFileSync(vaultPath);

    expect((await operatorErrorOf(vault.get(ref))).code).toBe('MB_VAULT_TAMPERED');
    expect((await operatorErrorOf(vault.set(ref, 'new'))).code).toBe('MB_VAULT_TAMPERED');
    expect((await operatorErrorOf(openVaultSecretStore({ stateDir, env: headlessEnv({ MAILBRIDGE_VAULT_KEY: KEY_A_HEX }) }))).code).toBe('MB_VAULT_TAMPERED');
    expect(readFileSync(vaultPath).equals(tampered)).toBe(true);
  });

  it('a modified header (version bound into the tag) is caught too', async () => {
    const { stateDir, vaultPath } = await vaultWithSecret();
    const envelope = JSON.parse(readFileSync(vaultPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(vaultPath, JSON.stringify({ ...envelope, version: 0 }));
    const error = await operatorErrorOf(openVaultSecretStore({ stateDir, env: headlessEnv({ MAILBRIDGE_VAULT_KEY: KEY_A_HEX }) }));
    expect(error.code).toBe('MB_VAULT_TAMPERED');
  });

  it.each([
    ['garbage', 'this is not a vault', 'MB_VAULT_CORRUPT'],
    ['truncated JSON', '{"format":"mailbridge-vault","vers', 'MB_VAULT_CORRUPT'],
    ['a newer format', JSON.stringify({ format: 'mailbridge-vault', version: 99 }), 'MB_VAULT_FROM_NEWER_VERSION'],
  ])('a vault file holding %s gives %s and is not overwritten', async (_label, content, code) => {
    const { stateDir, vaultPath } = await vaultWithSecret();
    writeFileSync(vaultPath, content);
    const error = await operatorErrorOf(openVaultSecretStore({ stateDir, env: headlessEnv({ MAILBRIDGE_VAULT_KEY: KEY_A_HEX }) }));
    expect(error.code).toBe(code);
    expect(error.message).toContain(vaultPath);
    expect(readFileSync(vaultPath, 'utf8')).toBe(content);
  });
});

describe('vault: atomic writes', () => {
  it('ignores a temp file left by a crash mid-write, and sweeps it once it is stale', async () => {
    const stateDir = tempDir('vault');
    const env = headlessEnv({ MAILBRIDGE_VAULT_KEY: KEY_A_HEX });
    const vault = await openVaultSecretStore({ stateDir, env });
    await vault.set(ref, SECRET);
    const leftover = path.join(stateDir, `${VAULT_FILE}.tmp-99999-deadbeef`);
    writeFileSync(leftover, '{"format":"mailbridge-vault","version":1,"cipher":"aes-256-gcm","keyId":"tor', { mode: 0o600 });

    const reopened = await openVaultSecretStore({ stateDir, env });
    expect(await reopened.get(ref)).toBe(SECRET);
    await reopened.set({ profile: 'p2', field: 'password' }, 'two');
    expect(await reopened.get(ref)).toBe(SECRET);
    expect(existsSync(leftover)).toBe(true); // fresh: might be a write in progress

    const old = new Date(Date.now() - 5 * 60_000);
    utimesSync(leftover, old, old);
    await openVaultSecretStore({ stateDir, env });
    expect(existsSync(leftover)).toBe(false);
    expect(readdirSync(stateDir).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });
});
