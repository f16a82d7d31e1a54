// The sign-in screen (O365-2 connect, O365-5 re-authenticate) against a real agent child
// and the lab's Entra device code flow: the console runs the real `mailbridge signin` as a
// child with its environment, shows the lab's page and user code, waits, and shows the
// signed-in account (the sign-in lands in the agent's secret store) — or the declined
// sign-in with the diagnosis KB's fix, or a cancel.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenCacheField } from '../../agent/auth/secret-store-token-cache.js';
import { openVaultSecretStore } from '../../agent/secrets/vault/vault-secret-store.js';
import { delegatedSessions } from '../../fixtures/lab/entra/delegated-sessions.js';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { connectAgent, type AgentClient } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';
import { KEYS, renderConsole } from './kit/console-harness.js';

let w: TempEnv;
let agent: AgentProcess;
let client: AgentClient;
let lab: RunningLab;
let users: string[];

async function pendingCode(): Promise<string> {
  for (let i = 0; i < 200; i += 1) {
    const { pending } = await fetch(`${lab.document.control}/device-codes`).then((r) => r.json()) as { pending: Array<{ userCode: string }> };
    if (pending[0]) return pending[0].userCode;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no device code became pending');
}

async function control(action: 'approve' | 'decline', body: Record<string, string>): Promise<void> {
  const res = await fetch(`${lab.document.control}/device-codes/${action}`, { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  w = createTempEnv();
  lab = await startLab({ seed: 23, mailboxes: 2, items: 2 });
  delegatedSessions(lab.context).pollIntervalSeconds = 1;
  users = lab.document.mailboxes.slice(0, 2);
  agent = await startAgent(w);
  client = await connectAgent({ socketPath: w.socketPath });
  const entry = lab.document.profiles.find((p) => p.name === 'lab-online')!;
  const online = JSON.parse(readFileSync(entry.file, 'utf8')) as Record<string, unknown>;
  await client.call('profiles.put', {
    profile: { ...online, name: 'lab-delegated', credentials: { kind: 'delegated' }, staff: users.map((user) => ({ user, enabled: true })) },
  });
  await client.call('profiles.put', { profile: { ...online, staff: [] } });
}, 60_000);

afterAll(async () => {
  client?.close();
  await agent?.stop('SIGKILL');
  await lab?.stop();
  w?.cleanup();
});

describe('sign-in screen (O365-2, O365-5)', () => {
  it('shows the page and code from the device code flow, waits, and stores the sign-in in the agent\'s secret store', async () => {
    const before = (await client.call('secrets.list', { profile: 'lab-delegated' })).fields;
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'staff', profile: 'lab-delegated' } });
    const frames: string[] = [];
    const timer = setInterval(() => frames.push(ui.lastFrame()), 5);
    try {
      await ui.waitFor('i sign in');
      await ui.press('i');
      const picker = await ui.waitFor('Who signs in?');
      expect(picker).toContain(`› ${users[0]}`);
      // The last sync attempt per user (sync.status) says who may need to sign in again (O365-5).
      expect(picker).toContain('Last sync:');
      expect(picker).toMatch(/– none yet/);
      await ui.press(KEYS.enter);
      const code = await pendingCode();
      const waiting = await ui.waitFor(code, 20_000);
      expect(waiting).toMatch(/https:\/\/localhost:\d+\/devicelogin/);
      expect(waiting).toContain('waiting for the sign-in…');
      expect(waiting).toContain('c cancel');
      await new Promise((r) => setTimeout(r, 1100));
      await control('approve', { userCode: code, user: users[0]! });
      const done = await ui.waitFor(`✓ Signed in as ${users[0]}`, 20_000);
      expect(done).toContain('t validate');
      const after = (await client.call('secrets.list', { profile: 'lab-delegated' })).fields;
      expect(after.filter((f) => !before.includes(f)).some((f) => f.startsWith('tokenCache-'))).toBe(true);
    } finally {
      clearInterval(timer);
      ui.unmount();
    }
    // The refresh token went from the signin child to the secret store: no frame and no agent log line holds it.
    const secrets = await openVaultSecretStore({ stateDir: w.stateDir, env: w.env });
    let serialized: string | undefined;
    try {
      serialized = await secrets.get({ profile: 'lab-delegated', field: tokenCacheField(users[0]!) });
    } finally {
      await secrets.close();
    }
    const refresh = Object.values((JSON.parse(serialized ?? '{}') as { RefreshToken?: Record<string, { secret: string }> }).RefreshToken ?? {}).map((t) => t.secret);
    expect(refresh).toHaveLength(1);
    expect(frames.length).toBeGreaterThan(10);
    for (const frame of frames) expect(frame).not.toContain(refresh[0]);
    expect(agent.stdout + agent.stderr).not.toContain(refresh[0]);
  }, 60_000);

  it('shows a declined sign-in as the typed error with the diagnosis KB\'s fix, and retries', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'signin', profile: 'lab-delegated' } });
    try {
      await ui.waitFor('Who signs in?');
      await ui.press(KEYS.down, KEYS.enter);
      const code = await pendingCode();
      await ui.waitFor(code, 20_000);
      await control('decline', { userCode: code });
      // MSAL reports the declined code by its RFC 8628 name; the KB ranks AADSTS65004 for it.
      const failed = await ui.waitFor('AADSTS65004 — User declined consent', 20_000);
      expect(failed).toContain('Fix:');
      expect(failed).not.toMatch(/failed: sign-in of/);
      expect(failed).toContain(`✗ Sign-in of ${users[1]} failed:`);
      expect(failed).toContain('authorization_declined');
      expect(failed).toContain('AADSTS65004 — User declined consent');
      expect(failed).toContain('Cause: The user declined the consent prompt');
      expect(failed).toMatch(/1\. Sign in again and accept the listed permissions/);
      expect(failed).toContain('r retry');
      await ui.press('r');
      const again = await pendingCode();
      await ui.waitFor(again, 20_000);
      await ui.press('c');
      await ui.waitFor(`– Sign-in of ${users[1]} cancelled`);
    } finally {
      ui.unmount();
    }
  }, 60_000);

  it('explains that an app-only profile has no user sign-in', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'signin', profile: 'lab-online' } });
    try {
      const frame = await ui.waitFor('signs in as the app');
      expect(frame).not.toContain('Who signs in?');
    } finally {
      ui.unmount();
    }
  });
});
