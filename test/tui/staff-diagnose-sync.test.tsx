// The Staff (EX-15), Diagnose and Sync & logs screens against a real agent on a temporary socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent, type AgentClient } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';
import { KEYS, renderConsole } from './kit/console-harness.js';

let w: TempEnv;
let agent: AgentProcess;
let client: AgentClient;

const PROFILE = {
  kind: 'exchange-onprem', name: 'acme', server: 'mail.acme.example', intervalMinutes: 15,
  credentials: { kind: 'password', user: 'svc-sync@acme.example' },
  staff: [
    { user: 'alice@acme.example', enabled: true, displayName: 'Alice' },
    { user: 'bob@acme.example', enabled: false },
    { user: 'carol@acme.example', enabled: false },
  ],
};

beforeAll(async () => {
  w = createTempEnv();
  agent = await startAgent(w);
  client = await connectAgent({ socketPath: w.socketPath });
  await client.call('profiles.put', { profile: PROFILE });
});

afterAll(async () => {
  client.close();
  await agent.stop('SIGKILL');
  w.cleanup();
});

describe('staff screen (EX-15)', () => {
  it('toggles one mailbox, selects all, shows per-user details and saves the switches', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'staff', profile: 'acme' } });
    try {
      const first = await ui.waitFor('1 of 3 enabled');
      expect(first).toMatch(/\[x\] on\s+alice@acme\.example/);
      expect(first).toMatch(/\[ \] off\s+bob@acme\.example/);
      expect(first).toContain('– none yet');
      await ui.press(KEYS.down, KEYS.space);
      await ui.waitFor('2 of 3 enabled · unsaved');
      await ui.press(KEYS.enter);
      const detail = await ui.waitFor('Last sync attempt');
      expect(detail).toContain('✓ enabled');
      expect(detail).toContain('sync account (impersonation)');
      await ui.press(KEYS.escape);
      await ui.press('a');
      await ui.waitFor('3 of 3 enabled');
      await ui.press('s');
      await ui.waitFor('✓ Saved staff of acme: 3 of 3 enabled');
      const { profile } = await client.call('profiles.get', { name: 'acme' });
      expect((profile.staff as Array<{ enabled: boolean }>).every((m) => m.enabled)).toBe(true);
      await ui.press('a');
      await ui.waitFor('0 of 3 enabled');
    } finally {
      ui.unmount();
    }
  });
});

describe('diagnose screen', () => {
  it('shows ranked matches with cause and fix for pasted text', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'diagnose' } });
    try {
      await ui.waitFor('Paste or type an error');
      await ui.press('AADSTS7000215: Invalid client secret provided.');
      await ui.press(KEYS.enter);
      const result = await ui.waitFor('Cause:');
      expect(result).toMatch(/› 1\. AADSTS7000215/);
      expect(result).toContain('Fix:');
      await ui.press('c');
      await ui.waitFor((f) => !f.includes('Cause:'));
      await ui.type('gibberish that matches nothing at all qqq');
      await ui.press(KEYS.enter);
      await ui.waitFor('✗ no match');
    } finally {
      ui.unmount();
    }
  });
});

describe('sync and logs screen', () => {
  it('shows each profile idle, offers a sync, and switches panes with Tab', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'sync' } });
    try {
      const frame = await ui.waitFor(/acme\s+– idle · never synced · next \d\d:\d\d|acme\s+– idle · never synced · next \d\d-\d\d/);
      expect(frame).toContain('[progress]');
      // Older lines than the agent keeps in memory: the screen names its log file in the state directory.
      expect(frame.replace(/\s+/g, '')).toContain(`${w.stateDir}/logs/agent.log`.replace(/\s+/g, ''));
      await ui.waitFor(/s sync now/);
      await ui.press(KEYS.tab);
      await ui.waitFor('– No sync run stored yet.');
      await ui.press(KEYS.tab);
      await ui.waitFor('[log]');
      await ui.press('f');
      await ui.waitFor('Level ≥ warn');
    } finally {
      ui.unmount();
    }
  });
});
