// Crash safety (#7): a real agent child is killed with SIGKILL at several points while a
// sync runs against the lab (EWS; the points are counted in CreateItem requests the lab saw); between
// kills both sides change; after a restart and a completed sync the lab and the local
// store match — every local item exists in Exchange exactly once (found by its local-id
// property), every Exchange item is imported exactly once, nothing is lost.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import { ProfileRepository } from '../../agent/profiles/profile-repository.js';
import { openSecretStore } from '../../agent/secrets/open-secret-store.js';
import { openStore } from '../../agent/store/open-store.js';
import { ItemsService } from '../../agent/sync/items-service.js';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import type { Item } from '../../fixtures/lab/model/types.js';
import { connectAgent } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

let lab: RunningLab;
let world: TempEnv;
let mailbox: string;
const PROFILE = 'psa';
const day = (d: number, h: number) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + d, h)).toISOString();

function upsertLocal(count: number, tag: string): void {
  const store = openStore({ stateDir: world.stateDir });
  try {
    new ItemsService(store.db).upsert(PROFILE, Array.from({ length: count }, (_, i) => ({
      kind: 'appointment' as const, mailbox, data: { subject: `${tag} ${i}`, start: day(1 + (i % 20), 8 + (i % 8)), end: day(1 + (i % 20), 9 + (i % 8)) },
    })));
  } finally {
    store.close();
  }
}

function serverEvents(): Array<Extract<Item, { kind: 'event' }>> {
  const m = lab.context.model;
  const box = m.findMailbox(mailbox);
  if (!box) throw new Error('no mailbox');
  return m.items(m.wellKnownFolder(box.id, 'calendar').id) as Array<Extract<Item, { kind: 'event' }>>;
}

function serverCreate(subject: string, d: number): void {
  const m = lab.context.model;
  const template = serverEvents().find((e) => e.recurrence === null) as Extract<Item, { kind: 'event' }>;
  const { id: _i, changeKey: _c, mailboxId: _m, folderId: _f, createdAt: _a, lastModifiedAt: _l, ...rest } = template;
  m.createItem(template.folderId, { ...rest, subject, start: day(d, 13), end: day(d, 14), timeZone: 'UTC', timeZoneIana: 'UTC', extendedProperties: {}, attendees: [], iCalUid: `crash-${subject}` } as never);
}

beforeAll(async () => {
  lab = await startLab({ seed: 9, items: 20, mailboxes: 1, latencyMs: 25 });
  world = createTempEnv();
  mailbox = lab.document.mailboxes[0] as string;
  const entry = lab.document.profiles.find((p) => p.name === 'lab-onprem');
  if (!entry) throw new Error('no lab-onprem profile');
  const base = JSON.parse(await readFile(entry.file, 'utf8')) as Record<string, unknown>;
  const repo = new ProfileRepository({ configDir: world.configDir });
  await repo.put({ ...base, name: PROFILE, export: { appointments: true }, staff: [{ user: mailbox, enabled: true }] });
  repo.close();
  const secrets = await openSecretStore({ stateDir: world.stateDir, env: world.env });
  for (const [field, value] of Object.entries(entry.secrets)) await secrets.set({ profile: PROFILE, field }, value);
  await secrets.close();
}, 60_000);

afterAll(async () => {
  await lab?.stop();
  world?.cleanup();
});

const creates = (): number => lab.context.stats.snapshot().requests.byOperation['ews:CreateItem'] ?? 0;

/**
 * Starts an agent and a sync, and kills the agent with SIGKILL once the lab has seen
 * `afterCreates` more CreateItem requests — points inside the run chosen by what the server
 * saw, not by a clock, so a faster or slower machine still kills mid-run. Says whether the
 * run was still going when it was killed.
 */
async function runThenKill(afterCreates: number): Promise<boolean> {
  const agent: AgentProcess = await startAgent(world);
  let wasRunning = false;
  try {
    const client = await connectAgent({ socketPath: world.socketPath, timeoutMs: 30_000 });
    try {
      const before = creates();
      await client.call('sync.run', { profile: PROFILE });
      for (let waited = 0; waited < 60_000 && creates() - before < afterCreates; waited += 10) await new Promise((r) => setTimeout(r, 10));
      wasRunning = (await client.call('agent.status')).jobs.some((j) => j.kind === 'sync');
    } finally {
      client.close();
    }
  } finally {
    await agent.stop('SIGKILL');
  }
  return wasRunning;
}

describe('SIGKILL during a sync', () => {
  test('after kills at several points and a restart, the lab and the store match: no duplicate, no lost change', async () => {
    upsertLocal(40, 'Local A');
    const killedDuringSync: boolean[] = [];
    // Each run has at least the 5 items added after the last kill still to create, so killing after 1–4 creates lands inside it.
    for (const [i, afterCreates] of [1, 2, 3, 4].entries()) {
      killedDuringSync.push(await runThenKill(afterCreates));
      // Both sides keep changing between crashes.
      upsertLocal(5, `Local B${i}`);
      serverCreate(`Server ${i}`, 3 + i);
    }
    expect(killedDuringSync.filter(Boolean).length).toBeGreaterThanOrEqual(3);

    const agent = await startAgent(world);
    try {
      const client = await connectAgent({ socketPath: world.socketPath, timeoutMs: 120_000 });
      try {
        const final = await client.call('sync.run', { profile: PROFILE, wait: true });
        expect(final.summary?.errors).toEqual([]);
        const again = await client.call('sync.run', { profile: PROFILE, wait: true });
        expect(again.summary).toMatchObject({ created: 0, updated: 0, deleted: 0, imported: 0, errors: [] });
      } finally {
        client.close();
      }
    } finally {
      await agent.stop('SIGTERM');
    }

    const store = openStore({ stateDir: world.stateDir });
    try {
      const items = new ItemsService(store.db).list({ profile: PROFILE, kind: 'appointment', includeDeleted: false, limit: 100_000, offset: 0 }).items;
      const events = serverEvents();
      const localIdsOnServer = events.flatMap((e) => Object.values(e.extendedProperties).filter((v) => items.some((i) => i.localId === v)));
      // Every local item of the application is in Exchange exactly once.
      const mine = items.filter((i) => i.origin === 'local');
      expect(mine).toHaveLength(40 + 4 * 5);
      for (const item of mine) expect(localIdsOnServer.filter((v) => v === item.localId)).toHaveLength(1);
      expect(new Set(localIdsOnServer).size).toBe(localIdsOnServer.length);
      // Every local item is linked to an existing Exchange item, and no two to the same one.
      const remoteIds = items.map((i) => i.remoteId);
      expect(remoteIds.every((id) => id !== null)).toBe(true);
      expect(new Set(remoteIds).size).toBe(remoteIds.length);
      // Every single Exchange event (not a series) is on the local side exactly once.
      for (const e of events.filter((ev) => ev.recurrence === null && Date.parse(ev.end) > Date.now() - 7 * 86_400_000)) {
        expect(items.filter((i) => i.data.subject === e.subject && Date.parse(i.data.start as string) === Date.parse(e.start))).toHaveLength(1);
      }
      for (let i = 0; i < 4; i += 1) expect(items.filter((it) => it.data.subject === `Server ${i}`)).toHaveLength(1);
      // The kills really cut runs short: their rows were never finished.
      const unfinished = store.db.prepare('SELECT count(*) AS n FROM sync_runs WHERE finished_at IS NULL').get() as { n: number };
      expect(unfinished.n).toBeGreaterThanOrEqual(3);
    } finally {
      store.close();
    }
  }, 240_000);
});
