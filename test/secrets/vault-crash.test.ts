// Crash safety of the vault (issue #2): a real process writing the vault in a loop is
// killed with SIGKILL mid-stream; the vault must still open with the right key and hold
// the last value the writer confirmed or a later complete one, never a torn file.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVaultSecretStore } from '../../agent/secrets/vault/vault-secret-store.js';
import { buildSecretsForChildren, headlessEnv, KEY_A_HEX, removeTempDirs, tempDir } from './secrets-test-kit.js';

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
    for (const target of [40, 90, 150]) {
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
