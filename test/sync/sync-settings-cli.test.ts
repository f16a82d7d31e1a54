// `mailbridge sync-settings` and `mailbridge conflicts` (#7, AG-4): the built binary against
// the lab's EWS surface, first in-process (no agent: local-sync-host), then through a real
// agent child (sync.settings / sync.conflicts; the agent's debug log names each request).
// A changed setting is used by the next sync: the conflict policy decides a real conflict
// (an item edited in Exchange and in the application between two syncs) the other way
// than the policy before it, and a tightened mass-delete guard stops a sync that the
// default would let through. Bad flags exit 2 naming the flag; JSON documents carry schema.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ProfileRepository } from '../../agent/profiles/profile-repository.js';
import { openSecretStore } from '../../agent/secrets/open-secret-store.js';
import { openStore } from '../../agent/store/open-store.js';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import type { Item } from '../../fixtures/lab/model/types.js';
import type { ConnectorLab } from '../connectors/connector-lab.js';
import { connectAgent } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { runCli, type CliResult } from '../kit/built-cli.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';
import { createServerEvent } from './lab-sync-kit.js';

let lab: RunningLab;
let world: TempEnv;
let mailbox: string;
const SETTINGS_KEYS = ['schema', 'profile', 'conflictPolicy', 'massDeleteShare', 'massDeleteMin', 'fullResyncPending', 'changed'];

beforeAll(async () => {
  lab = await startLab({ seed: 11, items: 12, mailboxes: 1 });
  world = createTempEnv();
  mailbox = lab.document.mailboxes[0] as string;
  const entry = lab.document.profiles.find((p) => p.name === 'lab-onprem');
  if (!entry) throw new Error('lab has no lab-onprem profile');
  const base = JSON.parse(await readFile(entry.file, 'utf8')) as Record<string, unknown>;
  const repo = new ProfileRepository({ configDir: world.configDir });
  await repo.put({ ...base, name: 'psa', export: { appointments: true, serviceCalls: true }, staff: [{ user: mailbox, enabled: true }] });
  repo.close();
  const secrets = await openSecretStore({ stateDir: world.stateDir, env: world.env });
  for (const [field, value] of Object.entries(entry.secrets)) await secrets.set({ profile: 'psa', field }, value);
  await secrets.close();
}, 60_000);

afterAll(async () => {
  await lab?.stop();
  world?.cleanup();
});

/** The sync kit's server-side helpers read only the lab's model from their environment. */
const labEnv = (): ConnectorLab => ({ lab }) as unknown as ConnectorLab;

const inDays = (d: number, h = 9) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + d, h)).toISOString();

async function cli(args: string[], expectedCode = 0): Promise<CliResult> {
  const result = await runCli(args, { env: world.env, timeoutMs: 60_000 });
  expect(result.code, `mailbridge ${args.join(' ')}\n${result.stderr}`).toBe(expectedCode);
  return result;
}

async function json<T = Record<string, unknown>>(args: string[]): Promise<T> {
  return JSON.parse((await cli([...args, '--json'])).stdout) as T;
}

function calendarEvents(): Array<Extract<Item, { kind: 'event' }>> {
  const model = lab.context.model;
  const box = model.findMailbox(mailbox);
  if (!box) throw new Error(`lab has no mailbox ${mailbox}`);
  return model.items(model.wellKnownFolder(box.id, 'calendar').id) as Array<Extract<Item, { kind: 'event' }>>;
}

function serverEvent(subject: string): Extract<Item, { kind: 'event' }> {
  const found = calendarEvents().find((e) => e.subject === subject);
  if (!found) throw new Error(`no event "${subject}" in ${mailbox}`);
  return found;
}

async function importItems(items: unknown[]): Promise<Array<{ localId: string }>> {
  const file = path.join(world.root, `items-${Date.now()}.json`);
  await writeFile(file, JSON.stringify(items));
  return (await json<{ items: Array<{ localId: string }> }>(['items', 'import', file, '--profile', 'psa'])).items;
}

async function localLocation(subject: string): Promise<unknown> {
  const list = await json<{ items: Array<{ data: Record<string, unknown> }> }>(['items', 'list', '--profile', 'psa', '--kind', 'appointment']);
  return list.items.find((i) => i.data.subject === subject)?.data.location;
}

/**
 * An appointment the application created and synced, then edited in Exchange and (later) in
 * the application before the next sync: a both-changed conflict. Returns the next sync's summary.
 */
async function conflictRound(subject: string, day: number, sync: () => Promise<Record<string, unknown>>): Promise<{ localId: string; summary: Record<string, unknown> }> {
  const appointment = { kind: 'appointment', mailbox, data: { subject, start: inDays(day), end: inDays(day, 10) } };
  const [created] = await importItems([appointment]);
  expect((await sync()).errors).toEqual([]);
  lab.context.model.updateItem(serverEvent(subject).id, { location: 'Exchange room' });
  await new Promise((r) => setTimeout(r, 20));
  await importItems([{ ...appointment, localId: created?.localId, data: { ...appointment.data, location: 'PSA room' } }]);
  return { localId: created?.localId as string, summary: await sync() };
}

describe('without an agent (in-process)', () => {
  const sync = () => json(['sync', 'psa', '--once']);

  test('no option shows the defaults; options change only what they name; text and JSON', async () => {
    const shown = await json(['sync-settings', 'psa']);
    expect(Object.keys(shown)).toEqual(SETTINGS_KEYS);
    expect(shown).toEqual({ schema: 'mailbridge.sync-settings/v1', profile: 'psa', conflictPolicy: 'newest-wins', massDeleteShare: 0.5, massDeleteMin: 10, fullResyncPending: false, changed: false });
    const text = await cli(['sync-settings', 'psa']);
    expect(text.stdout).toContain('conflict policy    newest-wins: the later change is kept');
    expect(text.stdout).toContain('more than 50% of a folder\'s synced items, from 10 deletes on');

    expect(await json(['sync-settings', 'psa', '--mass-delete-share', '40%'])).toMatchObject({ conflictPolicy: 'newest-wins', massDeleteShare: 0.4, massDeleteMin: 10, changed: true });
    const changed = await cli(['sync-settings', 'psa', '--conflict-policy', 'exchange-wins', '--mass-delete-share', '0.5']);
    expect(changed.stdout).toMatch(/^sync settings of psa changed; the next sync uses them:/);
    expect(changed.stdout).toContain("exchange-wins: Exchange's version is kept");
    expect(await json(['sync-settings', 'psa'])).toMatchObject({ conflictPolicy: 'exchange-wins', massDeleteShare: 0.5, massDeleteMin: 10, changed: false });
  }, 60_000);

  test('the next sync decides a conflict by the changed policy, and the audit shows it', async () => {
    expect((await cli(['conflicts', 'psa'])).stdout).toBe('no conflicts recorded for psa\n');
    // newest-wins (the default) would keep the later, local edit; exchange-wins keeps Exchange's.
    const { localId, summary } = await conflictRound('Conflict in-process', 6, sync);
    expect(summary).toMatchObject({ conflicts: 1, errors: [] });
    expect(await localLocation('Conflict in-process')).toBe('Exchange room');
    expect(serverEvent('Conflict in-process').location).toBe('Exchange room');

    const audit = await json<{ schema: string; profile: string; conflicts: Array<Record<string, unknown>> }>(['conflicts', 'psa']);
    expect(audit.schema).toBe('mailbridge.conflicts/v1');
    expect(audit.profile).toBe('psa');
    expect(audit.conflicts).toEqual([expect.objectContaining({ mailbox, localId, kind: 'appointment', policy: 'exchange-wins', winner: 'exchange', reason: expect.any(String) })]);
    const text = await cli(['conflicts', 'psa']);
    expect(text.stdout).toContain(`${mailbox}  appointment ${localId} "Conflict in-process"`);
    expect(text.stdout).toContain('Exchange won (exchange-wins)');
  }, 120_000);

  test.each([
    [['sync-settings', 'psa', '--conflict-policy', 'coin-toss'], '--conflict-policy', 'exchange-wins, application-wins, newest-wins'],
    [['sync-settings', 'psa', '--mass-delete-share', '0'], '--mass-delete-share', 'at most 1'],
    [['sync-settings', 'psa', '--mass-delete-share', '1.5'], '--mass-delete-share', 'at most 1'],
    [['sync-settings', 'psa', '--mass-delete-share', 'half'], '--mass-delete-share', 'at most 1'],
    [['sync-settings', 'psa', '--mass-delete-min', '-1'], '--mass-delete-min', 'whole number'],
    [['sync-settings', 'psa', '--mass-delete-min', '2.5'], '--mass-delete-min', 'whole number'],
    [['conflicts', 'psa', '--limit', '0'], '--limit', '1 to 1000'],
    [['conflicts', 'psa', '--limit', '1001'], '--limit', '1 to 1000'],
  ])('%j is refused with exit 2 naming %s and the accepted form', async (args, flag, form) => {
    const out = await cli(args, 2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(`error: ${flag}`);
    expect(out.stderr).toContain(form);
    expect(out.stderr).toContain('fix:');
    const asJson = JSON.parse((await cli([...args, '--json'], 2)).stdout) as { schema: string; error: { code: string; field: string; rule: string } };
    expect(asJson.schema).toBe('mailbridge.error/v1');
    expect(asJson.error).toMatchObject({ code: args[0] === 'conflicts' ? 'MB_CONFLICTS_BAD_FLAG' : 'MB_SYNC_SETTINGS_BAD_FLAG', field: flag, rule: 'AG-4' });
  }, 60_000);

  test('an unknown profile is MB_PROFILE_NOT_FOUND with exit 1 (as `profile show`), and nothing is stored for it', async () => {
    for (const args of [['sync-settings', 'nope', '--conflict-policy', 'exchange-wins'], ['sync-settings', 'nope'], ['conflicts', 'nope']]) {
      const out = await cli(args, 1);
      expect(out.stderr).toContain('no profile named "nope"');
    }
    const store = openStore({ stateDir: world.stateDir });
    try {
      expect(store.db.prepare("SELECT COUNT(*) AS n FROM sync_profile_settings WHERE profile = 'nope'").get()).toEqual({ n: 0 });
    } finally {
      store.close();
    }
  }, 60_000);
});

describe('through the agent', () => {
  let agent: AgentProcess;

  beforeAll(async () => {
    agent = await startAgent(world, { env: { MAILBRIDGE_LOG_LEVEL: 'debug' } });
  }, 30_000);

  afterAll(async () => {
    await agent?.stop('SIGTERM');
  });

  test('the CLI changes the agent\'s settings; the agent\'s next syncs use the policy and the tightened guard', async () => {
    const client = await connectAgent({ socketPath: world.socketPath, timeoutMs: 60_000 });
    const sync = async () => (await client.call('sync.run', { profile: 'psa', wait: true })).summary as unknown as Record<string, unknown>;
    try {
      // Kept from the in-process run: the settings live in the store, not in the process.
      expect(await json(['sync-settings', 'psa'])).toMatchObject({ conflictPolicy: 'exchange-wins', changed: false });
      expect(await json(['sync-settings', 'psa', '--conflict-policy', 'application-wins'])).toMatchObject({ conflictPolicy: 'application-wins', massDeleteShare: 0.5, massDeleteMin: 10, changed: true });
      expect(agent.stdout).toMatch(/"method":"sync\.settings"/);
      expect(await client.call('sync.settings', { profile: 'psa' })).toMatchObject({ conflictPolicy: 'application-wins' });

      // exchange-wins (before) would keep Exchange's edit; application-wins keeps the application's.
      const { localId, summary } = await conflictRound('Conflict via agent', 7, sync);
      expect(summary).toMatchObject({ conflicts: 1, errors: [] });
      expect(await localLocation('Conflict via agent')).toBe('PSA room');
      expect(serverEvent('Conflict via agent').location).toBe('PSA room');

      const audit = await json<{ schema: string; conflicts: Array<Record<string, unknown>> }>(['conflicts', 'psa']);
      expect(agent.stdout).toMatch(/"method":"sync\.conflicts"/);
      expect(audit.schema).toBe('mailbridge.conflicts/v1');
      expect(audit.conflicts.map((c) => [c.localId, c.policy, c.winner])).toEqual([
        [localId, 'application-wins', 'application'],
        [expect.any(String), 'exchange-wins', 'exchange'],
      ]);
      expect((await json<{ conflicts: unknown[] }>(['conflicts', 'psa', '--limit', '1'])).conflicts).toHaveLength(1);
      expect((await cli(['conflicts', 'psa'])).stdout).toContain('the application won (application-wins)');

      // Mass-delete guard: three appointments deleted in Exchange pass the default (fewer than
      // 10 deletes always pass); after tightening it, the same kind of deletes stop the sync.
      const subjects = ['Guard one', 'Guard two', 'Guard three'];
      subjects.forEach((subject, i) => createServerEvent(labEnv(), mailbox, { subject, start: inDays(8 + i), end: inDays(8 + i, 10) }));
      expect(await sync()).toMatchObject({ imported: 3, errors: [] });
      // The calendar holds some 40 synced pairs (series occurrences included): 3 deletes are ~7 %.
      expect(await json(['sync-settings', 'psa', '--mass-delete-share', '2%', '--mass-delete-min', '2'])).toMatchObject({ massDeleteShare: 0.02, massDeleteMin: 2 });
      for (const subject of subjects) lab.context.model.deleteItem(serverEvent(subject).id);
      const guarded = await sync();
      expect(guarded.errors).toEqual([expect.objectContaining({ code: 'MB_SYNC_MASS_DELETE', message: expect.stringContaining('more than 2 %') })]);
      expect(guarded.deleted).toBe(0);
      const kept = await json<{ items: Array<{ data: Record<string, unknown>; deletedAt: string | null }> }>(['items', 'list', '--profile', 'psa', '--kind', 'appointment']);
      expect(kept.items.filter((i) => subjects.includes(i.data.subject as string) && i.deletedAt === null)).toHaveLength(3);
      // The default again lets the three deletes through.
      await json(['sync-settings', 'psa', '--mass-delete-share', '0.5', '--mass-delete-min', '10']);
      expect(await sync()).toMatchObject({ deleted: 3, errors: [] });
    } finally {
      client.close();
    }
  }, 180_000);

  test('bad input and unknown profiles are refused the same way with an agent running', async () => {
    const bad = await cli(['sync-settings', 'psa', '--conflict-policy', 'coin-toss'], 2);
    expect(bad.stderr).toContain('--conflict-policy');
    const unknown = await cli(['conflicts', 'nope'], 1);
    expect(unknown.stderr).toContain('no profile named "nope"');
  }, 60_000);
});
