// The vault with several real processes (issue #2, AG-5): a writer killed with SIGKILL
// mid-stream leaves a vault that opens and holds the last confirmed value or a later
// complete one; two processes writing at once lose no update; a write lock held by a
// live process is waited for and reported, one left by a dead process is taken over.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVaultSecretStore } from '../../agent/secrets/vault/vault-secret-store.js';
import { buildSecretsForChildren, headlessEnv, KEY_A_HEX, operatorErrorOf, removeTempDirs, tempDir } from './secrets-test-kit.js';

let vaultModuleUrl: string;

beforeAll(async () => {
  const openStoreUrl = await buildSecretsForChildren();
  vaultModuleUrl = new URL('./vault/vault-secret-store.js', openStoreUrl).href;
}, 120_000);
afterAll(removeTempDirs);

const WRITER = `
const { openVaultSecretStore } = await import(process.env.VAULT_MODULE_URL);
const vault = await openVaultSecretStore({ stateDir: process.env.STATE_DIR, env: process.env });
for (let i = 0; ; i += 1) {
  await vault.set({ profile: 'acme', field: 'password' }, 'value-' + i + '-' + 'x'.repeat(i % 500));
  process.stdout.write(i + '\\n');
}
`;

function runWriterUntil(stateDir: string, writes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER], {
      env: headlessEnv({ VAULT_MODULE_URL: vaultModuleUrl, STATE_DIR: stateDir, MAILBRIDGE_VAULT_KEY: KEY_A_HEX }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let confirmed = -1;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = chunk.split('\n').filter(Boolean);
      confirmed = Number(lines.at(-1));
      if (confirmed >= writes) child.kill('SIGKILL');
    });
    child.on('close', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(confirmed);
      else reject(new Error(`writer exited without being killed: ${stderr}`));
    });
  });
}

describe('vault: a writer killed mid-write', () => {
  it('leaves a vault that opens and holds the last confirmed value or a later one, complete', async () => {
    const stateDir = path.join(tempDir('vault-crash'), 'state');
    for (const target of [40, 90, 150, 210]) {
      const confirmed = await runWriterUntil(stateDir, target);
      const vault = await openVaultSecretStore({ stateDir, env: headlessEnv({ MAILBRIDGE_VAULT_KEY: KEY_A_HEX }) });
      const value = await vault.get({ profile: 'acme', field: 'password' });
      const written = Number(/^value-(\d+)-/.exec(value ?? '')?.[1]);
      expect(written).toBeGreaterThanOrEqual(confirmed);
      expect(value).toBe(`value-${written}-${'x'.repeat(written % 500)}`);
      await vault.close();
    }
  }, 60_000);
});

const BATCH_WRITER = `
const { openVaultSecretStore } = await import(process.env.VAULT_MODULE_URL);
const vault = await openVaultSecretStore({ stateDir: process.env.STATE_DIR, env: process.env });
for (let i = 0; i < 40; i += 1) await vault.set({ profile: process.env.WRITER + '-' + i, field: 'password' }, 'v' + i);
`;

function runBatchWriter(stateDir: string, writer: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', BATCH_WRITER], {
      env: headlessEnv({ VAULT_MODULE_URL: vaultModuleUrl, STATE_DIR: stateDir, MAILBRIDGE_VAULT_KEY: KEY_A_HEX, WRITER: writer }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${writer} failed: ${stderr}`))));
  });
}

describe('vault: several processes', () => {
  it('two processes writing at the same time lose no update', async () => {
    const stateDir = path.join(tempDir('vault-two'), 'state');
    const env = headlessEnv({ MAILBRIDGE_VAULT_KEY: KEY_A_HEX });
    await (await openVaultSecretStore({ stateDir, env })).set({ profile: 'seed', field: 'password' }, 'seed');
    await Promise.all([runBatchWriter(stateDir, 'a'), runBatchWriter(stateDir, 'b')]);
    const vault = await openVaultSecretStore({ stateDir, env });
    for (const writer of ['a', 'b']) {
      for (let i = 0; i < 40; i += 1) expect(await vault.get({ profile: `${writer}-${i}`, field: 'password' })).toBe(`v${i}`);
    }
    expect(existsSync(path.join(stateDir, 'secrets.vault.lock'))).toBe(false);
  }, 60_000);

  it('waits for a live lock holder and then reports MB_VAULT_BUSY naming the lock file', async () => {
    const stateDir = tempDir('vault-busy');
    const vault = await openVaultSecretStore({ stateDir, env: headlessEnv({ MAILBRIDGE_VAULT_KEY: KEY_A_HEX }), lockTimeoutMs: 300 });
    const holder = spawn('sleep', ['30']);
    try {
      const lockPath = path.join(stateDir, 'secrets.vault.lock');
      writeFileSync(lockPath, `${holder.pid} ${Date.now()}`, { mode: 0o600 });
      const started = Date.now();
      const error = await operatorErrorOf(vault.set({ profile: 'p', field: 'password' }, 'v'));
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(error.code).toBe('MB_VAULT_BUSY');
      expect(error.message).toContain(`pid ${holder.pid}`);
      expect(error.fix.join('\n')).toContain(`rm ${lockPath}`);
      expect(await vault.get({ profile: 'p', field: 'password' })).toBeUndefined();
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const stateDir = tempDir('vault-stale');
    const vault = await openVaultSecretStore({ stateDir, env: headlessEnv({ MAILBRIDGE_VAULT_KEY: KEY_A_HEX }), lockTimeoutMs: 300 });
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const lockPath = path.join(stateDir, 'secrets.vault.lock');
    writeFileSync(lockPath, `${gone.stdout} ${Date.now()}`, { mode: 0o600 });
    await vault.set({ profile: 'p', field: 'password' }, 'v');
    expect(await vault.get({ profile: 'p', field: 'password' })).toBe('v');
    expect(existsSync(lockPath)).toBe(false);
  });
});
