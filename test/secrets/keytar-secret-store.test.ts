// keytar against a real keyring (issue #2, AG-5): the test starts its own D-Bus session
// (dbus-run-session) with an unlocked throwaway gnome-keyring and runs the compiled
// backend in it. Missing tools are a failure, never a skip: CI must exercise a keyring.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateKeytar } from '../../agent/secrets/keytar/keytar-module.js';
import { buildSecretsForChildren, headlessEnv, removeTempDirs, tempDir } from './secrets-test-kit.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REQUIRED_TOOLS = [
  { command: 'dbus-run-session', apt: 'dbus-daemon (dbus on releases before bookworm)' },
  { command: 'dbus-send', apt: 'dbus-bin (dbus on releases before bookworm)' },
  { command: 'gnome-keyring-daemon', apt: 'gnome-keyring' },
];
const SECRET = `keyring-secret-${process.pid}-ßü🔐`;

let openSecretStoreUrl: string;

function missingTools(): string[] {
  return REQUIRED_TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool.command}`]).status !== 0).map(
    (tool) => `${tool.command} (apt-get install ${tool.apt})`,
  );
}

beforeAll(async () => {
  const missing = missingTools();
  if (missing.length > 0) {
    const where = process.env.CI ? 'CI must provide a real keyring for the keytar tests' : 'the keytar tests need a real keyring';
    throw new Error(`${where}; missing: ${missing.join(', ')}. Also needed to build keytar: libsecret-1-dev.`);
  }
  const keytar = locateKeytar();
  if (!keytar.ok) throw new Error(`keytar is required for these tests: ${keytar.reason}. Install libsecret-1-dev, then npm install.`);
  openSecretStoreUrl = await buildSecretsForChildren();
}, 120_000);
afterAll(removeTempDirs);

function runInKeyringSession(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('dbus-run-session', ['--', 'bash', path.join(HERE, 'keyring', 'keytar-session.sh')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('keytar backend against a real gnome-keyring', () => {
  it('is chosen when the Secret Service answers, stores, reads, lists and deletes there, and survives the keyring locking', async () => {
    const root = tempDir('keyring');
    const runtimeDir = path.join(root, 'runtime');
    mkdirSync(runtimeDir, { mode: 0o700 });
    const stateDir = path.join(root, 'state');
    const result = await runInKeyringSession(
      headlessEnv({
        XDG_DATA_HOME: path.join(root, 'data'),
        XDG_RUNTIME_DIR: runtimeDir,
        NODE_BIN: process.execPath,
        OPEN_SECRET_STORE_URL: openSecretStoreUrl,
        TEST_KEYTAR_SERVICE: `mailbridge-test-${process.pid}`,
        TEST_STATE_DIR: stateDir,
        TEST_SECRET_VALUE: SECRET,
      }),
    );
    expect(result.code, `keyring session failed:\n${result.stderr}`).toBe(0);
    const seen = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;

    expect(seen.backend).toEqual({ name: 'keytar', writable: true, reason: 'The OS keyring is used because a D-Bus Secret Service answered.' });
    expect(seen.readBack).toBe(true);
    expect(seen.hasClientSecret).toBe(true);
    expect(seen.hasMissing).toBe(false);
    expect(seen.getMissing).toBeNull();
    expect(seen.listAcme).toEqual(['clientSecret', 'password']);
    expect(seen.listNobody).toEqual([]);
    // `<profile>/<field>` accounts, and the per-profile field index list() reads.
    expect(seen.rawAccounts).toEqual(['acme-online/#fields', 'acme-online/clientSecret', 'acme-online/password', 'other/#fields', 'other/password']);
    expect(seen.rawValueMatches).toBe(true);
    expect(seen.forcedBackend).toMatchObject({ name: 'keytar', reason: expect.stringContaining('Forced by MAILBRIDGE_SECRET_BACKEND=keytar') });
    expect(seen.forcedReadBack).toBe(true);
    expect(seen.deleted).toBe(true);
    expect(seen.deletedAgain).toBe(false);
    expect(seen.listAfterDelete).toEqual(['clientSecret']);
    expect(seen.emptyValueError).toBe('MB_SECRET_EMPTY');

    expect(seen.existingVault).toMatchObject({ backend: { name: 'vault', reason: expect.stringContaining("already holds this installation's secrets") }, readBack: true });

    // A locked keyring: no crash, no secret silently "unset", no keytar when forced, vault otherwise.
    expect(seen.survived).toBe(true);
    expect(seen.locked).toMatchObject({
      get: 'MB_KEYRING_UNAVAILABLE',
      has: 'MB_KEYRING_UNAVAILABLE',
      list: 'MB_KEYRING_UNAVAILABLE',
      set: 'MB_KEYRING_FAILED',
      forced: 'MB_SECRET_BACKEND_UNAVAILABLE',
      chosen: { name: 'vault', writable: true },
    });
    expect((seen.locked as { chosen: { reason: string } }).chosen.reason).toMatch(/OS keyring is not usable: (keytar crashed|the Secret Service did not answer)/);

    // The secret went to the keyring, not to a vault, and never to the program's output.
    expect(existsSync(path.join(stateDir, 'secrets.vault'))).toBe(false);
    expect(existsSync(path.join(stateDir, 'vault.key'))).toBe(false);
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stderr).not.toContain(SECRET);
    // gnome-keyring wrote its keyring into the test's own XDG_DATA_HOME.
    expect(readdirSync(path.join(root, 'data', 'keyrings')).length).toBeGreaterThan(0);
  }, 60_000);
});
