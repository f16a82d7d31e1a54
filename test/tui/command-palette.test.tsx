// The `:` command palette against a real agent child: it lists console actions from its
// tables and the screen's registry, filters as typed, runs the selected one with Enter
// (navigation, a per-profile sub-screen, a screen key acting on the live screen, sync now
// with its outcome line), closes with Esc leaving the screen as it was, and the `?`
// overlay names it. At 80×24 (#6, EX-10, O365-2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent, type AgentClient } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';
import { KEYS, renderConsole } from './kit/console-harness.js';

let w: TempEnv;
let agent: AgentProcess;
let client: AgentClient;

const ACME = {
  kind: 'exchange-onprem', name: 'acme', server: 'mail.acme.example', intervalMinutes: 15,
  credentials: { kind: 'password', user: 'svc@acme.example', mode: 'perUser' },
  staff: [{ user: 'alice@acme.example', enabled: true }, { user: 'bob@acme.example', enabled: false }],
};
const CLOUD = {
  kind: 'exchange-online', name: 'cloud', tenant: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555', intervalMinutes: 15,
  credentials: { kind: 'delegated' }, staff: [{ user: 'carol@contoso.example', enabled: true }],
};

beforeAll(async () => {
  w = createTempEnv();
  agent = await startAgent(w);
  client = await connectAgent({ socketPath: w.socketPath });
  await client.call('profiles.put', { profile: ACME });
  await client.call('profiles.put', { profile: CLOUD });
});

afterAll(async () => {
  client.close();
  await agent.stop('SIGKILL');
  w.cleanup();
});

describe('command palette (:)', () => {
  it('opens with :, lists actions from the tables, filters as typed and runs a per-profile sub-screen with enter', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'dashboard' } });
    try {
      await ui.waitFor('Profiles (2)');
      await ui.press(':');
      const open = await ui.waitFor(':▏');
      expect(open).toContain('run checks of acme');
      expect(open).toContain('enter run');
      expect(open).toContain('esc close');
      // ? types into the filter here, so the footer does not offer help.
      expect(open.trimEnd().split('\n').at(-1)).not.toContain('? help');
      expect(open.split('\n')).toHaveLength(24);
      expect(open.split('\n').every((line) => [...line].length <= 80)).toBe(true);
      await ui.type('pass');
      const filtered = await ui.waitFor(':pass▏');
      expect(filtered).toContain('› staff passwords of acme (EX-10)');
      // Only on-premises profiles have staff passwords, only online ones a sign-in.
      expect(filtered).not.toContain('staff passwords of cloud');
      await ui.press(KEYS.enter);
      await ui.waitFor("Own passwords of acme's staff");

      await ui.press(':');
      await ui.waitFor(':▏');
      await ui.type('sign in');
      const signin = await ui.waitFor(/› sign in staff of cloud \(O365-2\)/);
      expect(signin).not.toContain('sign in staff of acme');
      await ui.press(KEYS.enter);
      await ui.waitFor('Microsoft sign-in for cloud');

      await ui.press(':');
      await ui.type('go diag');
      await ui.waitFor('› go to Diagnose');
      await ui.press(KEYS.enter);
      await ui.waitFor('Paste or type an error');

      // Diagnose opens typing into its field, where : is text: esc leaves the field first.
      await ui.press(':');
      await ui.waitFor('> :▏');
      await ui.press(KEYS.backspace, KEYS.escape, ':');
      await ui.type('zzzz');
      await ui.waitFor('no action matches "zzzz"');
      await ui.press(KEYS.escape);
      const closed = await ui.waitFor((f) => !f.includes(':zzzz'));
      expect(closed).toContain('Paste or type an error');
      expect(closed).not.toContain('> :');
    } finally {
      ui.unmount();
    }
  });

  it("runs the current screen's registered keys on the live screen, and Esc leaves its state as it was", async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'staff', profile: 'acme' } });
    try {
      await ui.waitFor('1 of 2 enabled');
      await ui.press(KEYS.down, KEYS.space);
      await ui.waitFor('2 of 2 enabled · unsaved');
      await ui.press(':');
      await ui.type('select all');
      await ui.waitFor('› Staff: select all — enable all mailboxes');
      await ui.press(KEYS.escape);
      await ui.waitFor('2 of 2 enabled · unsaved');
      await ui.press(':');
      await ui.type('select all');
      await ui.waitFor('› Staff: select all — enable all mailboxes');
      await ui.press(KEYS.enter);
      // Select all on an all-enabled list disables everyone: the screen's own handler ran on its unsaved state.
      await ui.waitFor('0 of 2 enabled · unsaved');
    } finally {
      ui.unmount();
    }
  });

  it('sync now starts a sync through the agent, opens Sync & logs and shows the outcome line', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'dashboard' } });
    try {
      await ui.waitFor('Profiles (2)');
      await ui.press(':');
      await ui.type('sync now acme');
      await ui.waitFor('› sync now: acme');
      await ui.press(KEYS.enter);
      const after = await ui.waitFor(/[✓✗] .*sync/);
      expect(after).toContain('[6 Sync]');
      expect(after).toMatch(/✓ sync of acme started \(run [0-9a-f-]{8}\)|✓ a sync of acme is already running/);
    } finally {
      ui.unmount();
    }
  });

  it('the dashboard offers w (staff passwords) for a per-user profile and i (sign-in) for a delegated one', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'dashboard' } });
    try {
      const first = await ui.waitFor('w passwords');
      expect(first).not.toContain('i sign in');
      await ui.press('w');
      await ui.waitFor("Own passwords of acme's staff");
      await ui.press(KEYS.escape);
      await ui.waitFor('Profiles (2)');
      await ui.press(KEYS.down);
      const second = await ui.waitFor('i sign in');
      expect(second).not.toContain('w passwords');
      await ui.press('i');
      await ui.waitFor('Microsoft sign-in for cloud');
      await ui.waitFor('› carol@contoso.example');
    } finally {
      ui.unmount();
    }
  });

  it('is named in the ? overlay', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'dashboard' } });
    try {
      await ui.waitFor('Profiles (2)');
      await ui.press('?');
      const help = await ui.waitFor('Keys — Dashboard');
      expect(help).toMatch(/\n\s+:\s+command palette: type to filter/);
      expect(help).toContain('esc or ? closes this help');
      expect(help.split('\n')).toHaveLength(24);
    } finally {
      ui.unmount();
    }
  });

  it('with no agent running, start agent leads the list and starts one in the background', async () => {
    const empty = createTempEnv();
    let pid: number | undefined;
    const ui = await renderConsole({ socketPath: empty.socketPath, env: empty.env });
    try {
      await ui.waitFor('No mailbridge agent is running');
      await ui.press(':');
      const list = await ui.waitFor(':▏');
      expect(list).toContain('› start agent in the background');
      expect(list).not.toContain('run checks of');
      await ui.press(KEYS.enter);
      await ui.waitFor((f) => f.includes('Profiles (0)') && f.includes('✓ agent'), 20_000);
      const started = await connectAgent({ socketPath: empty.socketPath });
      pid = (await started.call('agent.status')).pid;
      started.close();
    } finally {
      ui.unmount();
      if (pid !== undefined) process.kill(pid, 'SIGKILL');
      empty.cleanup();
    }
  }, 40_000);
});
