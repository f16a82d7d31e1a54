// The setup wizard (issue #6, MEM-1) against a real agent on a temporary socket: the steps
// in order, every field validated as typed with the profile rules' messages (EX-7, EX-4,
// EX-14), secrets masked and stored through secrets.set (AG-5), save (EX-6, EX-8), and
// editing with the same screens, warning which changes resync everything (EX-9).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent, type AgentClient } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';
import { KEYS, renderConsole, type ConsoleUnderTest } from './kit/console-harness.js';

let w: TempEnv;
let agent: AgentProcess;
let client: AgentClient;
const PASSWORD = 'Tr0ub4dor&3-wizard';
let closedPort = 0;

/** A loopback port nothing listens on: the wizard's connection checks fail there, on loopback only. */
async function findClosedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  w = createTempEnv();
  agent = await startAgent(w);
  client = await connectAgent({ socketPath: w.socketPath });
  closedPort = await findClosedPort();
});

afterAll(async () => {
  client.close();
  await agent.stop('SIGKILL');
  w.cleanup();
});

async function clearField(ui: ConsoleUnderTest, length: number): Promise<void> {
  for (let i = 0; i < length; i += 1) await ui.press(KEYS.backspace);
}

describe('setup wizard', () => {
  it('walks the MEM-1 steps, validates as typed, masks the password, and saves profile and secret', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'setup' } });
    try {
      const first = await ui.waitFor('step 1 of 7');
      expect(first).toContain('of 7 · Mail system');
      expect(first).toContain('Google Workspace — not yet supported');
      expect(first).toContain('HCL Notes — not yet supported');
      await ui.press(KEYS.right);
      await ui.waitFor('‹ Exchange Online / Microsoft 365 (Graph) ›');
      await ui.press(KEYS.right); // Google and Notes are skipped: back to on-premises
      await ui.waitFor('‹ Exchange on-premises (EWS) ›');
      await ui.press(KEYS.enter);
      await ui.waitFor('of 7 · Connection');

      await ui.type('acme');
      await ui.press(KEYS.tab);
      await ui.type('10.0.0.5');
      const ip = await ui.waitFor('✗ server:');
      expect(ip).toMatch(/server: .*10\.0\.0\.5.*IP address/);
      expect(ip).toContain('(EX-7)');
      await clearField(ui, '10.0.0.5'.length);
      await ui.type('localhost');
      await ui.waitFor(/✓ localhost/);
      for (let i = 0; i < 4; i += 1) await ui.press(KEYS.down);
      await ui.waitFor(/› HTTPS port/);
      await clearField(ui, 3);
      await ui.type(String(closedPort));

      // Interval: at least 10 minutes (EX-7).
      await ui.press(KEYS.down);
      await ui.waitFor(/› Sync interval/);
      await clearField(ui, 2);
      await ui.type('5');
      await ui.waitFor('shorter than the minimum sync interval of 10');
      await ui.press('\u001B[6~');
      await ui.waitFor('need');
      expect(ui.lastFrame()).toContain('of 7 · Connection'); // blocked by the ✗ field
      await clearField(ui, 1);
      await ui.type('15');
      await ui.press('\u001B[6~'); // PageDown
      await ui.waitFor('of 7 · Credentials');

      await ui.press(KEYS.down); // NTLM → Use MS Graph
      await ui.press(KEYS.down); // → Sync account
      await ui.type('svc-sync@acme.example');
      await ui.press(KEYS.down, KEYS.down); // domain → password
      await ui.type('x'.repeat(130));
      const long = await ui.waitFor('longer than the maximum of 128');
      expect(long).toContain('(EX-4)');
      expect(long).not.toContain('xxxx');
      await clearField(ui, 130);
      await ui.type(PASSWORD);
      const masked = await ui.waitFor('•'.repeat(PASSWORD.length));
      expect(masked).not.toContain(PASSWORD);

      await ui.press('\u001B[6~');
      await ui.waitFor('of 7 · Validation');
      // The connection checks stream in; the closed port fails with its fix inline.
      const checked = await ui.waitFor(/Connection: ✗ \d+ fail/, 20_000);
      expect(checked).toMatch(/✗ fail\s+TCP/);
      expect(checked).toContain('Fix:');
      expect(checked).toMatch(/r retry/);
      await ui.press(KEYS.enter);
      await ui.waitFor('of 7 · Sync options');
      // Past days out of range (EX-14).
      for (let i = 0; i < 7; i += 1) await ui.press(KEYS.down);
      await ui.waitFor(/› Past days/);
      await clearField(ui, 1);
      await ui.type('45');
      await ui.waitFor('EX-14');
      await clearField(ui, 2);
      await ui.type('7');
      // Past the recurring window and the (empty, on-premises) mail folders and shared mailboxes (O365-3/-4).
      await ui.press(KEYS.down);
      const mail = await ui.waitFor(/› Recurring days ahead/);
      expect(mail).toMatch(/Mail folders\s*\n/);
      await ui.press(KEYS.down, KEYS.down, KEYS.down);
      await ui.waitFor(/› Staff to enable/);
      await ui.type('alice@acme.example');
      await ui.press('\u001B[6~');
      await ui.waitFor('of 7 · Notifications');
      await ui.type('ops@acme.example; not-an-address');
      await ui.waitFor('EX-11');
      await clearField(ui, '; not-an-address'.length);
      await ui.press('\u001B[6~');
      const summary = await ui.waitFor('of 7 · Summary');
      expect(summary).toContain('✓ ready to save');
      expect(summary).not.toContain(PASSWORD);
      await ui.press(KEYS.enter);
      const saved = await ui.waitFor('✓ Saved profile acme.');
      expect(saved).toContain('EX-6');
      // EX-8: validated with the saved settings; the closed port fails with its fix.
      const validated = await ui.waitFor(/✗ Validation on save failed \(EX-8\): ✗ \d+ fail[\s\S]*Fix: /, 20_000);
      expect(validated).toContain('enter: dashboard');

      const { profile } = await client.call('profiles.get', { name: 'acme' });
      expect(profile).toMatchObject({ kind: 'exchange-onprem', server: 'localhost', ports: { https: closedPort }, intervalMinutes: 15, notificationAddresses: 'ops@acme.example', staff: [{ user: 'alice@acme.example', enabled: true }] });
      expect(JSON.stringify(profile)).not.toContain(PASSWORD);
      expect((await client.call('secrets.has', { profile: 'acme', field: 'password' })).present).toBe(true);
    } finally {
      ui.unmount();
    }
  });

  it('edits a stored profile with the same screens and warns that a virtual directory change resyncs everything (EX-9)', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'setup', profile: 'acme' } });
    try {
      const loaded = await ui.waitFor('Edit acme');
      expect(loaded).toContain('of 7 · Connection');
      for (let i = 0; i < 3; i += 1) await ui.press(KEYS.down);
      await ui.waitFor(/› Virtual directory/);
      await ui.type('/EWS2/Exchange.asmx');
      for (let i = 0; i < 5; i += 1) await ui.press('\u001B[6~');
      const summary = await ui.waitFor('of 7 · Summary');
      expect(summary).toContain('Changing virtual directory resyncs all items on save (EX-9)');
      expect(summary).toMatch(/Password\s+stored/);
      await ui.press(KEYS.enter);
      await ui.waitFor('✓ Saved profile acme.');
      const { profile } = await client.call('profiles.get', { name: 'acme' });
      expect(profile.virtualDirectory).toBe('/EWS2/Exchange.asmx');
      expect((await client.call('secrets.has', { profile: 'acme', field: 'password' })).present).toBe(true);
    } finally {
      ui.unmount();
    }
  });

  it('asks before quitting when the wizard has unsaved input', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'setup' } });
    try {
      await ui.waitFor('of 7 · Mail system');
      await ui.press(KEYS.enter);
      await ui.waitFor('of 7 · Connection');
      await ui.type('draft-name');
      await ui.press(KEYS.escape); // stop typing: q is a key again
      await ui.waitFor(/e\/i type.*q quit/);
      await ui.press('q');
      const ask = await ui.waitFor('unsaved input');
      expect(ask).toMatch(/y quit.*n stay/);
      await ui.press('n');
      const back = await ui.waitFor((f) => f.includes('draft-name') && !f.includes('unsaved input'));
      expect(back).toContain('of 7 · Connection');
    } finally {
      ui.unmount();
    }
  });

  it('takes Exchange Online through the same steps: tenant and app ID (O365-2), folders at most 5 levels (O365-3), shared mailboxes (O365-4)', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'setup' } });
    try {
      await ui.waitFor('of 7 · Mail system');
      await ui.press(KEYS.right);
      await ui.waitFor('‹ Exchange Online / Microsoft 365 (Graph) ›');
      await ui.press(KEYS.enter);
      const connection = await ui.waitFor('of 7 · Connection');
      expect(connection).toContain('Tenant (ID or domain)');
      expect(connection).not.toContain('Server address');
      await ui.type('contoso-online');
      await ui.press(KEYS.down);
      await ui.type('contoso.onmicrosoft.com');
      await ui.press(KEYS.down);
      await ui.type('not-a-guid');
      const guid = await ui.waitFor('✗ clientId:');
      expect(guid).toContain('(O365-2)');
      await clearField(ui, 'not-a-guid'.length);
      await ui.type('11111111-2222-3333-4444-555555555555');
      await ui.waitFor(/✓ 11111111-2222-3333-4444-555555555555/);
      // Endpoints on loopback (a closed port): the checks that validate on save stay on this host.
      await ui.press(KEYS.down);
      await clearField(ui, 'https://login.microsoftonline.com'.length);
      await ui.type('https://localhost:9');
      await ui.press(KEYS.down);
      await clearField(ui, 'https://graph.microsoft.com'.length);
      await ui.type('https://localhost:9');
      await ui.waitFor(/Graph endpoint\s+[✓⚠] https:\/\/localhost:9/);
      await ui.press('\u001B[6~');
      await ui.waitFor('of 7 · Credentials');
      await ui.press(KEYS.down, KEYS.down);
      await ui.waitFor(/› Client secret/);
      await ui.type('s3cret-value-for-graph');
      await ui.waitFor(/Client secret\s+✓ •+/);
      await ui.press('\u001B[6~');
      // Live validation of the unsaved profile (checks.run draft): the authority and Graph hosts on
      // loopback port 9 (closed) fail at TCP with the fix inline; the app secret stays in the form.
      const validation = await ui.waitFor(/of 7 · Validation[\s\S]*Connection: ✗ \d+ fail[\s\S]*Fix: /, 20_000);
      // The draft's own rules run first (no staff enabled yet is a warning at this step).
      expect(validation).toMatch(/⚠ warn Profile rules/);
      expect(validation).toMatch(/✗ fail TCP 443 → 9 \(HTTPS\)/);
      expect(validation).toMatch(/– skip Certificate trust/);
      expect(validation).toContain('checked on save');
      expect(validation).toMatch(/r retry/);
      expect((await client.call('secrets.has', { profile: 'contoso-online', field: 'clientSecret' })).present).toBe(false);
      await ui.press(KEYS.enter);
      await ui.waitFor('of 7 · Sync options');
      for (let i = 0; i < 8; i += 1) await ui.press(KEYS.down);
      await ui.waitFor(/› Mail folders/);
      await ui.type('; Inbox/a/b/c/d/e');
      const deep = await ui.waitFor('levels deep');
      expect(deep).toContain('(O365-3)');
      // The folders as a tree, a level deeper per indent; the sixth level is marked.
      expect(deep).toMatch(/Inbox\n\s+└ a\n\s+└ b/);
      expect(deep).toMatch(/└ e ✗ level 6 > 5/);
      await clearField(ui, '/e'.length);
      await ui.waitFor((f) => !f.includes('levels deep'));
      await ui.press(KEYS.down);
      await ui.waitFor(/› Shared mailboxes/);
      await ui.type('not-an-address');
      await ui.waitFor('(O365-4)');
      await clearField(ui, 'not-an-address'.length);
      await ui.type('shared@contoso.example');
      await ui.press(KEYS.down);
      await ui.type('alice@contoso.example');
      await ui.press('\u001B[6~', '\u001B[6~');
      const summary = await ui.waitFor('of 7 · Summary');
      expect(summary).toContain('Exchange Online');
      expect(summary).toContain('✓ ready to save');
      await ui.press(KEYS.enter);
      await ui.waitFor('✓ Saved profile contoso-online.');
      const { profile } = await client.call('profiles.get', { name: 'contoso-online' });
      expect(profile).toMatchObject({
        kind: 'exchange-online', tenant: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555',
        mail: { folders: ['Inbox', 'Inbox/a/b/c/d'] }, sharedMailboxes: ['shared@contoso.example'],
        endpoints: { authorityHost: 'https://localhost:9', graphBaseUrl: 'https://localhost:9' },
      });
      expect((await client.call('secrets.has', { profile: 'contoso-online', field: 'clientSecret' })).present).toBe(true);
    } finally {
      ui.unmount();
    }
  });
});
