// `mailbridge signin <profile> --user <address>` in-process against the lab (O365-2, O365-5):
// the device code message goes to stderr, the sign-in is stored in the secret store (vault)
// of the state directory, and neither profiles.json nor the command's output holds the
// serialized cache or its refresh token. A profile that is not delegated is refused (exit 2).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tokenCacheField } from '../../agent/auth/secret-store-token-cache.js';
import { openVaultSecretStore } from '../../agent/secrets/vault/vault-secret-store.js';
import { delegatedSessions } from '../../fixtures/lab/entra/delegated-sessions.js';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { main } from '../../src/main.js';

let lab: RunningLab;
let dir: string;
const saved: Record<string, string | undefined> = {};
const ENV = ['MAILBRIDGE_CONFIG_DIR', 'MAILBRIDGE_STATE_DIR', 'MAILBRIDGE_SECRET_BACKEND', 'MAILBRIDGE_SOCKET'] as const;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out += String(chunk); return true; });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { err += String(chunk); return true; });
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** Plays the user: approves the first pending code as `user`. */
async function approveWhenPending(user: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const { pending } = await fetch(`${lab.document.control}/device-codes`).then((r) => r.json()) as { pending: Array<{ userCode: string }> };
    if (pending[0]) {
      await new Promise((r) => setTimeout(r, 1100));
      const res = await fetch(`${lab.document.control}/device-codes/approve`, { method: 'POST', body: JSON.stringify({ userCode: pending[0].userCode, user }) });
      expect(res.status).toBe(200);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no device code became pending');
}

beforeAll(async () => {
  lab = await startLab({ seed: 17 });
  delegatedSessions(lab.context).pollIntervalSeconds = 1;
  dir = await mkdtemp(path.join(tmpdir(), 'mb-signin-cli-'));
  for (const k of ENV) saved[k] = process.env[k];
  process.env.MAILBRIDGE_CONFIG_DIR = path.join(dir, 'config');
  process.env.MAILBRIDGE_STATE_DIR = path.join(dir, 'state');
  process.env.MAILBRIDGE_SECRET_BACKEND = 'vault';
  process.env.MAILBRIDGE_SOCKET = path.join(dir, 'no-agent.sock');
  const entry = lab.document.profiles.find((p) => p.name === 'lab-online')!;
  const online = JSON.parse(await readFile(entry.file, 'utf8')) as Record<string, unknown>;
  await writeFile(path.join(dir, 'delegated.json'), JSON.stringify({ ...online, name: 'lab-delegated', credentials: { kind: 'delegated' } }));
  const imported = await run(['profile', 'import', path.join(dir, 'delegated.json')]);
  expect(imported.code, imported.err).toBe(0);
  const onprem = lab.document.profiles.find((p) => p.name === 'lab-onprem')!;
  const app = await run(['profile', 'import', onprem.file]);
  expect(app.code, app.err + app.out).toBe(0);
});
afterAll(async () => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await lab.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('mailbridge signin (O365-2)', () => {
  it('shows the device code on stderr, stores the sign-in in the vault, and keeps it out of profiles.json and the output', async () => {
    const user = lab.document.mailboxes[0]!;
    const [result] = await Promise.all([run(['signin', 'lab-delegated', '--user', user, '--timeout', '60']), approveWhenPending(user)]);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toMatch(/To sign in, use a web browser to open the page https:\/\/localhost:\d+\/devicelogin and enter the code [A-Z0-9]{9} to authenticate\./);
    expect(result.out).toBe(`signed in as ${user}; validate the connection with: mailbridge check lab-delegated\n`);
    const secrets = await openVaultSecretStore({ stateDir: path.join(dir, 'state'), env: process.env });
    let serialized: string | undefined;
    try {
      serialized = await secrets.get({ profile: 'lab-delegated', field: tokenCacheField(user) });
    } finally {
      await secrets.close();
    }
    const refreshTokens = Object.values((JSON.parse(serialized ?? '{}') as { RefreshToken?: Record<string, { secret: string }> }).RefreshToken ?? {}).map((t) => t.secret);
    expect(refreshTokens).toHaveLength(1);
    const profilesJson = await readFile(path.join(dir, 'config', 'profiles.json'), 'utf8');
    expect(profilesJson).toContain('lab-delegated');
    for (const text of [profilesJson, result.out, result.err]) {
      expect(text).not.toContain(refreshTokens[0]);
      expect(text).not.toContain('RefreshToken');
    }
  });

  it('a declined sign-in ends with its code, cause and fix (exit 1), not a raw MSAL message', async () => {
    const user = lab.document.mailboxes[0]!;
    const decline = async (): Promise<void> => {
      for (let i = 0; i < 100; i += 1) {
        const { pending } = await fetch(`${lab.document.control}/device-codes`).then((r) => r.json()) as { pending: Array<{ userCode: string }> };
        if (pending[0]) {
          await fetch(`${lab.document.control}/device-codes/decline`, { method: 'POST', body: JSON.stringify({ userCode: pending[0].userCode }) });
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('no device code became pending');
    };
    const [result] = await Promise.all([run(['signin', 'lab-delegated', '--user', user, '--timeout', '60']), decline()]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`sign-in of ${user} failed: AADSTS65004`);
    expect(result.err).not.toContain('internal error');
    expect(result.err).toMatch(/Fix|fix/);
  });

  it('refuses a profile that is not delegated (exit 2, names the credential kind it needs)', async () => {
    const result = await run(['signin', 'lab-onprem', '--user', lab.document.mailboxes[0]!]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('profile lab-onprem: sign-in applies to Exchange Online profiles with credentials.kind "delegated"');
  });
});
