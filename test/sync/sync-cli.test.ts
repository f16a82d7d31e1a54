// The shell and socket surface of sync (#7): the built `mailbridge` as a child process —
// `items import`, `sync PROFILE --once --json` (contract mailbridge.sync-summary/v1, exit 1
// when a mailbox failed, a diagnosis on every error), `items list --json` — first in-process
// (no agent), then through a real agent child (sync.run, sync.progress/sync.finished on the
// runs topic, items.changes), all against the lab's EWS surface.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ProfileRepository } from '../../agent/profiles/profile-repository.js';
import { openSecretStore } from '../../agent/secrets/open-secret-store.js';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { connectAgent, type AgentNotification } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { runCli } from '../kit/built-cli.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

let lab: RunningLab;
let world: TempEnv;
const SUMMARY_KEYS = ['schema', 'profile', 'mailboxes', 'created', 'updated', 'deleted', 'imported', 'ingested', 'conflicts', 'errors', 'roundTrips', 'durationMs'];

async function saveProfile(name: string, staff: string[]): Promise<void> {
  const entry = lab.document.profiles.find((p) => p.name === 'lab-onprem');
  if (!entry) throw new Error('lab has no lab-onprem profile');
  const base = JSON.parse(await readFile(entry.file, 'utf8')) as Record<string, unknown>;
  const repo = new ProfileRepository({ configDir: world.configDir });
  await repo.put({ ...base, name, export: { appointments: true, serviceCalls: true }, staff: staff.map((user) => ({ user, enabled: true })) });
  repo.close();
  const secrets = await openSecretStore({ stateDir: world.stateDir, env: world.env });
  for (const [field, value] of Object.entries(entry.secrets)) await secrets.set({ profile: name, field }, value);
  await secrets.close();
}

beforeAll(async () => {
  lab = await startLab({ seed: 5, items: 20, mailboxes: 2 });
  world = createTempEnv();
  await saveProfile('psa', [lab.document.mailboxes[0] as string]);
  await saveProfile('broken', [lab.document.mailboxes[1] as string, 'nobody@lab.mailbridge.test']);
}, 60_000);

afterAll(async () => {
  await lab?.stop();
  world?.cleanup();
});

describe('mailbridge sync / items without an agent', () => {
  test('items import, sync --once --json, items list --json', async () => {
    const file = path.join(world.root, 'items.json');
    const mailbox = lab.document.mailboxes[0] as string;
    await writeFile(file, JSON.stringify([{ kind: 'serviceCall', mailbox, data: { subject: 'Boiler service', start: '2026-12-03T09:00:00Z', end: '2026-12-03T11:00:00Z', location: 'Main St 5' } }]));
    const imported = await runCli(['items', 'import', file, '--profile', 'psa', '--json'], { env: world.env });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: 1, updated: 0 });

    const sync = await runCli(['sync', 'psa', '--once', '--json'], { env: world.env, timeoutMs: 60_000 });
    expect(sync.code).toBe(0);
    const summary = JSON.parse(sync.stdout) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(SUMMARY_KEYS);
    expect(summary).toMatchObject({ schema: 'mailbridge.sync-summary/v1', profile: 'psa', mailboxes: 1, created: 1, errors: [] });
    expect(summary.imported).toBeGreaterThan(0);
    expect(summary.roundTrips).toBeGreaterThan(0);

    const list = await runCli(['items', 'list', '--profile', 'psa', '--kind', 'serviceCall', '--json'], { env: world.env });
    expect(list.code).toBe(0);
    const doc = JSON.parse(list.stdout) as { schema: string; items: Array<{ remoteId: string | null; data: Record<string, unknown> }> };
    expect(doc.schema).toBe('mailbridge.items/v1');
    expect(doc.items).toHaveLength(1);
    expect(doc.items[0]?.remoteId).toEqual(expect.any(String));
    expect(doc.items[0]?.data.subject).toBe('Boiler service');
  }, 90_000);

  test('a failing mailbox: exit 1, the error carries a diagnosis, the other mailbox still syncs', async () => {
    const sync = await runCli(['sync', 'broken', '--once', '--json'], { env: world.env, timeoutMs: 60_000 });
    expect(sync.code).toBe(1);
    const summary = JSON.parse(sync.stdout) as { mailboxes: number; imported: number; errors: Array<{ mailbox: string; code: string; diagnosis: { fix: string[] } | null }> };
    expect(summary.mailboxes).toBe(2);
    expect(summary.imported).toBeGreaterThan(0);
    expect(summary.errors.length).toBeGreaterThan(0);
    expect(summary.errors.every((e) => e.mailbox === 'nobody@lab.mailbridge.test')).toBe(true);
    expect(summary.errors.every((e) => e.diagnosis !== null && e.diagnosis.fix.length > 0)).toBe(true);
  }, 90_000);

  test('bad input is refused with exit 2 and names the field', async () => {
    const file = path.join(world.root, 'bad.json');
    await writeFile(file, JSON.stringify([{ kind: 'appointment', mailbox: 'a@b.test', data: { subject: 'x', start: 'tomorrow', end: '2026-12-03T11:00:00Z' } }]));
    const out = await runCli(['items', 'import', file, '--profile', 'psa'], { env: world.env });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('items[0].data.start');
    const kind = await runCli(['items', 'list', '--profile', 'psa', '--kind', 'meeting'], { env: world.env });
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('--kind');
  }, 30_000);
});

describe('through the agent', () => {
  let agent: AgentProcess;

  beforeAll(async () => {
    agent = await startAgent(world);
  }, 30_000);

  afterAll(async () => {
    await agent?.stop('SIGTERM');
  });

  test('sync.run streams progress and ends with the summary; items.changes pages by cursor', async () => {
    const client = await connectAgent({ socketPath: world.socketPath, timeoutMs: 60_000 });
    try {
      const seen: AgentNotification[] = [];
      const subscription = await client.subscribe((n) => seen.push(n), ['runs']);
      const before = await client.call('items.changes', { profile: 'psa', since: 0, limit: 10_000 });
      const upsert = await client.call('items.upsert', { profile: 'psa', items: [{ kind: 'appointment', mailbox: lab.document.mailboxes[0] as string, data: { subject: 'Via socket', start: '2026-12-04T09:00:00Z', end: '2026-12-04T10:00:00Z' } }] });
      expect(upsert.items[0]?.created).toBe(true);
      const run = await client.call('sync.run', { profile: 'psa', wait: true });
      expect(run.started).toBe(true);
      expect(run.summary).toMatchObject({ profile: 'psa', created: 1, errors: [] });
      const deadline = Date.now() + 5_000;
      while (!seen.some((n) => n.method === 'sync.finished') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(seen.some((n) => n.method === 'sync.progress' && (n.params.data as { folder: string }).folder === 'calendar')).toBe(true);
      expect(seen.find((n) => n.method === 'sync.finished')?.params.data).toMatchObject({ runId: run.runId, profile: 'psa' });
      const after = await client.call('items.changes', { profile: 'psa', since: before.cursor, limit: 10_000 });
      expect(after.changes.map((c) => c.data.subject)).toContain('Via socket');
      expect(after.cursor).toBeGreaterThan(before.cursor);
      subscription.close();

      const cli = await runCli(['sync', 'psa', '--once', '--json'], { env: world.env, timeoutMs: 60_000 });
      expect(cli.code).toBe(0);
      expect(JSON.parse(cli.stdout)).toMatchObject({ profile: 'psa', created: 0, errors: [] });
      await expect(client.call('items.list', { profile: 'nope' })).rejects.toMatchObject({ code: expect.anything() });

      // Per-profile engine settings, the conflict audit and the EX-15 per-user status.
      expect(await client.call('sync.settings', { profile: 'psa' })).toMatchObject({ conflictPolicy: 'newest-wins', massDeleteShare: 0.5, massDeleteMin: 10 });
      expect(await client.call('sync.settings', { profile: 'psa', conflictPolicy: 'exchange-wins', massDeleteShare: 0.2 })).toMatchObject({ conflictPolicy: 'exchange-wins', massDeleteShare: 0.2, massDeleteMin: 10 });
      expect((await client.call('sync.settings', { profile: 'psa' })).conflictPolicy).toBe('exchange-wins');
      await expect(client.call('sync.settings', { profile: 'psa', conflictPolicy: 'coin-toss' as never })).rejects.toMatchObject({ code: expect.anything() });
      expect((await client.call('sync.conflicts', { profile: 'psa' })).conflicts).toEqual([]);
      const status = await client.call('sync.status', { profile: 'psa' });
      expect(status.users).toEqual([expect.objectContaining({ mailbox: lab.document.mailboxes[0], lastResult: 'ok', lastAttemptAt: expect.any(String), confirmedAt: expect.any(String) })]);
    } finally {
      client.close();
    }
  }, 90_000);
});
