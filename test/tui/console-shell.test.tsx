// The console shell (issue #6, AG-3) against a real agent on a temporary socket: no agent →
// offer to start one and do it; the agent going away → say so and reconnect; 80×24 layout,
// resize, the `?` overlay built from the same key registry as the footer, number keys.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connectAgent } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { runCli } from '../kit/built-cli.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';
import { KEYS, renderConsole, type ConsoleUnderTest } from './kit/console-harness.js';

const worlds: TempEnv[] = [];
const pids: number[] = [];
const agents: AgentProcess[] = [];
let ui: ConsoleUnderTest | undefined;

afterEach(() => {
  ui?.unmount();
  ui = undefined;
});

afterAll(async () => {
  for (const agent of agents) await agent.stop('SIGKILL');
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const world of worlds) world.cleanup();
});

function world(): TempEnv {
  const w = createTempEnv();
  worlds.push(w);
  return w;
}

const ONPREM = {
  kind: 'exchange-onprem', name: 'acme-onprem', server: 'mail.acme.example', intervalMinutes: 15,
  credentials: { kind: 'password', user: 'svc-sync@acme.example' },
  staff: [{ user: 'alice@acme.example', enabled: true }],
};

function linesOf(frame: string): string[] {
  return frame.split('\n');
}

describe('console shell', () => {
  it('offers to start an agent when none runs, starts it in the background, and reconnects after it goes away', async () => {
    const w = world();
    ui = await renderConsole({ socketPath: w.socketPath, env: w.env });
    const offer = await ui.waitFor((f) => f.includes("No mailbridge agent is running") && f.includes("s start agent"));
    expect(offer).toContain('Press s to start the agent in the background');
    expect(offer).toMatch(/s start agent/); // the footer shows the key that works now
    await ui.press('s');
    const dashboard = await ui.waitFor('Profiles (0)', 20_000);
    expect(dashboard).toContain('✓ agent');
    const client = await connectAgent({ socketPath: w.socketPath });
    const { pid } = await client.call('agent.status');
    client.close();
    pids.push(pid);

    process.kill(pid, 'SIGKILL');
    await ui.waitFor('The agent went away');
    const agent = await startAgent(w);
    agents.push(agent);
    const back = await ui.waitFor((f) => f.includes('Profiles (0)') && f.includes('✓ agent'), 15_000);
    expect(back).not.toContain('went away');
  });

  it('fits 80×24, adapts to a resize, and lists every key of the screen in the ? overlay', async () => {
    const w = world();
    const agent = await startAgent(w);
    agents.push(agent);
    const client = await connectAgent({ socketPath: w.socketPath });
    await client.call('profiles.put', { profile: ONPREM });
    client.close();

    ui = await renderConsole({ socketPath: w.socketPath, env: w.env });
    const frame = await ui.waitFor('acme-onprem');
    const lines = linesOf(frame);
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(frame).toMatch(/NAME\s+KIND\s+SERVER\s+ENABLED\s+HEALTH/);
    expect(frame).toMatch(/acme-onprem\s+on-prem\s+mail\.acme\.e…\s+yes\s+– unchecked/);
    expect(frame).toContain('[1 Dash]');
    expect(frame).toMatch(/enter\/e edit/);

    // The ? overlay fits 80×24 whole: the last line of it is on screen.
    await ui.press('?');
    const small = await ui.waitFor('esc or ? closes this help');
    expect(small).toContain('quit the console');
    expect(small).toMatch(/1-6 go to: 1 Dashboard · 2 Setup/);
    expect(small.split('\n').length).toBeLessThanOrEqual(24);
    await ui.press(KEYS.escape);
    await ui.waitFor((f) => !f.includes('Keys — Dashboard'));

    ui.resize({ columns: 120, rows: 30 });
    const wide = await ui.waitFor('[1 Dashboard]');
    expect(wide).toContain('LAST SYNC');
    expect(wide).toContain('[1 Dashboard]');

    await ui.press('?');
    const help = await ui.waitFor('Keys — Dashboard');
    for (const words of ['edit the selected profile', 'add an integration', 'run the checks of the selected profile', 'filter the rows', '4 Diagnose', 'quit the console']) {
      expect(help).toContain(words);
    }
    await ui.press(KEYS.escape);
    await ui.waitFor((f) => !f.includes('Keys — Dashboard'));

    await ui.press('4');
    await ui.waitFor('[4 Diagnose]');
    // The Diagnose screen opens typing into its field: the first esc leaves the field, the second goes back.
    await ui.press(KEYS.escape);
    await ui.waitFor('e/i edit text');
    await ui.press(KEYS.escape);
    await ui.waitFor('[1 Dashboard]');
  });

  it('filters the table with /', async () => {
    const w = world();
    const agent = await startAgent(w);
    agents.push(agent);
    const client = await connectAgent({ socketPath: w.socketPath });
    await client.call('profiles.put', { profile: ONPREM });
    await client.call('profiles.put', { profile: { ...ONPREM, name: 'globex', server: 'mail.globex.example' } });
    client.close();
    ui = await renderConsole({ socketPath: w.socketPath, env: w.env });
    await ui.waitFor('Profiles (2)');
    await ui.press('/');
    await ui.type('glob');
    const filtered = await ui.waitFor('(1 match)');
    expect(filtered).toContain('globex');
    expect(filtered).not.toContain('acme-onprem');
    await ui.press(KEYS.escape);
    await ui.waitFor((f) => f.includes('acme-onprem') && f.includes('globex'));
  });

  it('in a non-TTY prints the headless commands to use and exits 2', async () => {
    const w = world();
    const result = await runCli([], { env: w.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs an interactive terminal');
    expect(result.stderr).toContain('mailbridge check PROFILE');
    expect(result.stdout).toBe('');
  });
});
