// End to end in a real terminal (issue #6 "Done when"): the built `mailbridge demo` runs in
// tmux at 80×24 with the lab's tls-self-signed fault on. The test walks the setup wizard,
// sees the failing check with its fix text, switches the fault off through the lab's
// control endpoint, re-runs the checks and sees them pass, saves, and quits. It asserts on
// the captured screens only. A private tmux server (-L) keeps it away from anyone else's.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, assertBuilt } from '../kit/built-cli.js';

const SERVER = `mb-tmux-${process.pid}`;
const SESSION = 'console';
const root = mkdtempSync(path.join(os.tmpdir(), 'mb-tmux-'));
const labDocument = path.join(root, 'lab.json');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SERVER, ...args], { encoding: 'utf8' });
}

function screen(): string {
  return tmux('capture-pane', '-p', '-t', SESSION);
}

async function waitForScreen(expected: string | RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = screen();
    if (typeof expected === 'string' ? last.includes(expected) : expected.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${String(expected)}; screen:\n${last}`);
}

/** Sends named keys (Enter, Tab, Down, NPage, BSpace) or, with literal, text as typed. */
async function keys(...names: string[]): Promise<void> {
  for (const name of names) {
    tmux('send-keys', '-t', SESSION, name);
    await new Promise((resolve) => setTimeout(resolve, 60));
  }
}

async function typeText(text: string): Promise<void> {
  tmux('send-keys', '-t', SESSION, '-l', text);
  await new Promise((resolve) => setTimeout(resolve, 150));
}

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', SERVER, 'kill-server']);
  rmSync(root, { recursive: true, force: true });
});

// The time to the dashboard (issue #6: within 3 s) is measured by bench/demo, not asserted here.
describe('mailbridge demo in tmux at 80×24', () => {
  it('opens on both demo profiles, walks the wizard to a failing check, fixes the fault, re-runs and saves', async () => {
    // A missing tmux fails loudly rather than skipping: this is the console's only real-terminal test.
    expect(hasTmux, 'tmux is required for this test: apt-get install tmux').toBe(true);
    assertBuilt();
    const started = Date.now();
    // CI is dropped on purpose: the console refuses to run under CI (Ink would draw only a last frame).
    const command = `env -u CI NO_COLOR=1 TERM=xterm-256color ${process.execPath} ${BIN} demo --fault tls-self-signed --lab-document ${labDocument}; sleep 30`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '80', '-y', '24', command);
    const dashboard = await waitForScreen(/demo-onprem[\s\S]*demo-online/, 15_000);
    const openedMs = Date.now() - started;
    expect(dashboard).toContain('[1 Dash]');
    expect(dashboard).toMatch(/✓ agent/);
    for (const line of dashboard.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    // NO_COLOR: the pane carries no colour escape (inverse video for the selection is not colour).
    const withEscapes = tmux('capture-pane', '-p', '-e', '-t', SESSION);
    const colourEscape = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*(3[0-7]|9[0-7]|38;)`);
    expect(withEscapes).not.toMatch(colourEscape);

    const lab = JSON.parse(readFileSync(labDocument, 'utf8')) as {
      ews: { httpsPort: number }; caFile: string; control: string;
      accounts: Array<{ user: string; password: string; domain: string }>;
    };
    const account = lab.accounts[0]!;

    await keys('n');
    await waitForScreen('step 1 of 7 · Mail system');
    await keys('Enter');
    await waitForScreen('step 2 of 7 · Connection');
    await typeText('tmux-onprem');
    await keys('Tab');
    await typeText('localhost');
    await keys('Down', 'Down', 'Down', 'Down');
    await waitForScreen(/› HTTPS port/);
    await keys('BSpace', 'BSpace', 'BSpace');
    await typeText(String(lab.ews.httpsPort));
    await keys('Down', 'Down');
    await waitForScreen(/› Extra CA file/);
    await typeText(lab.caFile);
    await keys('NPage');
    await waitForScreen('step 3 of 7 · Credentials');
    await keys('Down', 'Down');
    await typeText(account.user);
    await keys('Down');
    await typeText(account.domain);
    await keys('Down');
    await typeText(account.password);
    const masked = await waitForScreen(/Password\s+✓ •+/);
    expect(masked).not.toContain(account.password);
    await keys('NPage');

    // The footer follows the screen's registry one frame later, so wait for both.
    const failing = await waitForScreen(/Connection: ✗ \d+ fail[\s\S]*r retry/, 30_000);
    expect(failing).toContain('step 4 of 7 · Validation');
    expect(failing).toMatch(/✗ fail\s+Certificate trust/);
    expect(failing).toMatch(/Fix: /);
    expect(failing).toMatch(/r retry/);

    const response = await fetch(`${lab.control}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ off: ['tls-self-signed'] }) });
    expect(response.status).toBe(200);
    await keys('r');
    const passing = await waitForScreen(/Connection: (⚠ \d+ warn, )?✓ \d+ pass/, 30_000);
    expect(passing).not.toMatch(/✗ fail/);

    await keys('Enter');
    await waitForScreen('step 5 of 7 · Sync options');
    await keys('NPage');
    await waitForScreen('step 6 of 7 · Notifications');
    await keys('NPage');
    const summary = await waitForScreen('step 7 of 7 · Summary');
    expect(summary).toContain('✓ ready to save');
    await keys('Enter');
    await waitForScreen('✓ Saved profile tmux-onprem.');
    await keys('Enter');
    const after = await waitForScreen('Profiles (3)');
    expect(after).toMatch(/› demo-onprem|tmux-onprem/);
    await keys('q');
    tmux('kill-session', '-t', SESSION);
    console.log(`demo: both profiles on the dashboard ${openedMs} ms after the command`);
  }, 120_000);
});
