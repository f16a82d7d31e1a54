// docs/examples/provision.sh, run by bash against the lab with the built CLI (#8): a profile
// from scratch (validate, import, secrets from stdin, staff enable, check gate) exits 0;
// the same with a wrong password stops at the check gate with exit 1 and names the failing
// check. No agent runs, so every step works in-process under the profile lock.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { BIN, REPO_ROOT, assertBuilt } from '../kit/built-cli.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

let lab: RunningLab;
let world: TempEnv;
let profileFile: string;
let password: string;
let wrapper: string;

function provision(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(REPO_ROOT, 'docs/examples/provision.sh')], { env: { ...world.env, MAILBRIDGE: wrapper, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  assertBuilt();
  lab = await startLab({ seed: 11, items: 5, mailboxes: 2 });
  world = createTempEnv();
  const entry = lab.document.profiles.find((p) => p.name === 'lab-onprem');
  if (!entry) throw new Error('no lab-onprem profile');
  password = entry.secrets.password ?? '';
  const base = JSON.parse(fs.readFileSync(entry.file, 'utf8')) as { staff: Array<{ user: string }> } & Record<string, unknown>;
  profileFile = path.join(world.root, 'site.json');
  fs.writeFileSync(profileFile, JSON.stringify({ ...base, name: 'site-b', staff: base.staff.map((m) => ({ user: m.user, enabled: false })) }));
  wrapper = path.join(world.root, 'mailbridge');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
}, 60_000);

afterAll(async () => {
  await lab?.stop();
  world?.cleanup();
});

describe('docs/examples/provision.sh', () => {
  test('provisions a profile from scratch and passes the check gate', async () => {
    const pw = path.join(world.root, 'pw');
    fs.writeFileSync(pw, password, { mode: 0o600 });
    const mailbox = lab.document.mailboxes[0] as string;
    const run = await provision({ PROFILE_FILE: profileFile, PROFILE: 'site-b', SYNC_PASSWORD_FILE: pw, STAFF: mailbox });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('ready: site-b passes its checks');
    const stored = JSON.parse(fs.readFileSync(path.join(world.configDir, 'profiles.json'), 'utf8')) as { profiles: Array<{ name: string; staff: Array<{ user: string; enabled: boolean }> }> };
    const site = stored.profiles.find((p) => p.name === 'site-b');
    expect(site?.staff.filter((m) => m.enabled).map((m) => m.user)).toEqual([mailbox]);
    expect(JSON.stringify(stored)).not.toContain(password);
  }, 150_000);

  test('a wrong password stops at the check gate with exit 1 and names the failing check', async () => {
    const pw = path.join(world.root, 'pw-wrong');
    fs.writeFileSync(pw, 'definitely-not-the-password', { mode: 0o600 });
    const run = await provision({ PROFILE_FILE: profileFile, PROFILE: 'site-b', SYNC_PASSWORD_FILE: pw, STAFF: 'all' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('checks failed for site-b');
    expect(run.stderr).toMatch(/auth\.credentials/);
    expect(run.stderr).not.toContain('definitely-not-the-password');
  }, 150_000);
});
