// Staff passwords (EX-10 per-user mode) against a real agent child on a temporary socket:
// the enabled members are listed with whether their own password is stored, a password
// typed into the masked field is stored through secrets.set as password:<user>, and no
// frame ever contains the typed value. Reached from the Staff screen (w).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { perUserPasswordField } from '../../src/profiles/secret-fields.js';
import { connectAgent, type AgentClient } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';
import { KEYS, renderConsole, type ConsoleUnderTest } from './kit/console-harness.js';

let w: TempEnv;
let agent: AgentProcess;
let client: AgentClient;

const SECRET = 'Tr0ub4dor&3-unique-pw';
const PER_USER = {
  kind: 'exchange-onprem', name: 'peruser', server: 'mail.peruser.example', intervalMinutes: 15,
  credentials: { kind: 'password', user: 'svc-sync@peruser.example', mode: 'perUser' },
  staff: [
    { user: 'alice@peruser.example', enabled: true, displayName: 'Alice' },
    { user: 'bob@peruser.example', enabled: true },
    { user: 'carol@peruser.example', enabled: false },
  ],
};
const IMPERSONATION = { ...PER_USER, name: 'shared', server: 'mail.shared.example', credentials: { kind: 'password', user: 'svc@shared.example', mode: 'impersonation' } };

/** Every frame the console drew, collected while the test runs (the secret must be in none). */
function framesOf(ui: ConsoleUnderTest): { all: string[]; stop(): void } {
  const all: string[] = [];
  const timer = setInterval(() => all.push(ui.lastFrame()), 5);
  return { all, stop: () => clearInterval(timer) };
}

beforeAll(async () => {
  w = createTempEnv();
  agent = await startAgent(w);
  client = await connectAgent({ socketPath: w.socketPath });
  await client.call('profiles.put', { profile: PER_USER });
  await client.call('profiles.put', { profile: IMPERSONATION });
  await client.call('secrets.set', { profile: 'peruser', field: 'password:bob@peruser.example', value: 'bobs-old-password' });
});

afterAll(async () => {
  client.close();
  await agent.stop('SIGKILL');
  w.cleanup();
});

describe('staff passwords (EX-10 per-user mode)', () => {
  it('lists enabled members with set/missing, stores a typed password via secrets.set, never shows it', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'staff', profile: 'peruser' } });
    const frames = framesOf(ui);
    try {
      await ui.waitFor('2 of 3 enabled');
      await ui.waitFor('w passwords');
      await ui.press('w');
      const list = await ui.waitFor('1 of 2 set');
      expect(list).toMatch(/alice@peruser\.example \(Alice\)\s+✗ no password/);
      expect(list).toMatch(/bob@peruser\.example\s+✓ password set/);
      expect(list).not.toContain('carol@peruser.example');
      expect(list).toContain('1 disabled mailbox needs none until enabled (EX-15)');

      await ui.press(KEYS.enter);
      await ui.waitFor('Password for alice@peruser.example:');
      // While typing, letters (even q and digits) go to the field, not to the global keys.
      await ui.type(SECRET);
      const typing = await ui.waitFor('•'.repeat(SECRET.length));
      expect(typing).toContain('enter store');
      await ui.press(KEYS.enter);
      const stored = await ui.waitFor('✓ Password stored for alice@peruser.example (EX-10)');
      await ui.waitFor('2 of 2 set');
      expect(stored).not.toContain('Password for alice');

      const { fields } = await client.call('secrets.list', { profile: 'peruser' });
      expect(fields).toContain(perUserPasswordField('alice@peruser.example'));

      // An empty password is refused before anything is sent.
      await ui.press(KEYS.enter);
      await ui.waitFor('Password for alice@peruser.example:');
      await ui.press(KEYS.enter);
      await ui.waitFor('✗ type the password first');
      await ui.press(KEYS.escape);
      await ui.waitFor((f) => !f.includes('Password for alice'));
    } finally {
      frames.stop();
      ui.unmount();
    }
    expect(frames.all.length).toBeGreaterThan(10);
    for (const frame of frames.all) expect(frame).not.toContain(SECRET);
    // Not in the agent's log either, nor in the config file.
    expect(agent.stdout + agent.stderr).not.toContain(SECRET);
    expect(readFileSync(path.join(w.configDir, 'profiles.json'), 'utf8')).not.toContain(SECRET);
  });

  it('removes a stored password after asking', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'passwords', profile: 'peruser' } });
    try {
      await ui.waitFor(/bob@peruser\.example\s+✓ password set/);
      await ui.press(KEYS.down, 'x');
      await ui.waitFor('Remove the stored password of bob@peruser.example? y removes');
      await ui.press('y');
      await ui.waitFor('✓ Password of bob@peruser.example removed');
      await ui.waitFor(/bob@peruser\.example\s+✗ no password/);
      const { fields } = await client.call('secrets.list', { profile: 'peruser' });
      expect(fields).not.toContain(perUserPasswordField('bob@peruser.example'));
    } finally {
      ui.unmount();
    }
  });

  it('explains that an impersonation profile needs no staff passwords and offers the wizard', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'passwords', profile: 'shared' } });
    try {
      const frame = await ui.waitFor('uses the sync account for every mailbox (impersonation)');
      expect(frame).toContain('w wizard');
      await ui.press('w');
      await ui.waitFor('Edit shared · step 2 of 7 · Connection');
    } finally {
      ui.unmount();
    }
  });
});
