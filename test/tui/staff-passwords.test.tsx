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
const WIZARD_PER_USER = {
  ...PER_USER, name: 'wizard-peruser', server: 'mail.wizard.example', credentials: { kind: 'password', user: 'svc@wizard.example', mode: 'perUser' },
  staff: [{ user: 'dave@wizard.example', enabled: true }, { user: 'erin@wizard.example', enabled: true }],
};
const DAVE_SECRET = 'dave-Own-Pa55word!';
const PAGE_DOWN = '\u001B[6~';
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
  await client.call('profiles.put', { profile: WIZARD_PER_USER });
  await client.call('secrets.set', { profile: 'wizard-peruser', field: 'password', value: 'sync-account-pw' });
  await client.call('secrets.set', { profile: 'wizard-peruser', field: 'password:erin@wizard.example', value: 'erins-pw' });
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

  it('the wizard has a masked own-password field per listed staff member on the sync step, stored on save as password:<user>', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'setup', profile: 'wizard-peruser' } });
    const frames = framesOf(ui);
    try {
      await ui.waitFor('Edit wizard-peruser · step 2 of 7 · Connection');
      await ui.press(PAGE_DOWN);
      await ui.waitFor('step 3 of 7 · Credentials');
      await ui.press(PAGE_DOWN);
      await ui.waitFor('step 4 of 7 · Validation');
      await ui.press(PAGE_DOWN);
      await ui.waitFor('step 5 of 7 · Sync options');
      for (let i = 0; i < 30 && !ui.lastFrame().includes('› Password of dave'); i += 1) await ui.press(KEYS.down);
      const field = await ui.waitFor('› Password of dave');
      expect(field).toContain('(EX-10)');
      await ui.type(DAVE_SECRET);
      await ui.waitFor('•'.repeat(DAVE_SECRET.length));
      await ui.press(KEYS.down);
      // Erin's own password is stored already: the field says so and may stay empty.
      await ui.waitFor(/› Password of erin@wizard\.examp…\s+\(stored; type to replace\)/);
      await ui.press(PAGE_DOWN);
      await ui.waitFor('step 6 of 7 · Notifications');
      await ui.press(PAGE_DOWN);
      await ui.waitFor('✓ ready to save');
      await ui.press('s');
      const saved = await ui.waitFor('w: staff passwords (EX-10)');
      expect(saved).toContain('w staff passwords');
      const { fields } = await client.call('secrets.list', { profile: 'wizard-peruser' });
      expect(fields).toContain(perUserPasswordField('dave@wizard.example'));
      await ui.press('w');
      await ui.waitFor('2 of 2 set');
    } finally {
      frames.stop();
      ui.unmount();
    }
    for (const frame of frames.all) expect(frame).not.toContain(DAVE_SECRET);
    expect(agent.stdout + agent.stderr).not.toContain(DAVE_SECRET);
  });
});
