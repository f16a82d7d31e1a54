// Change rounds committed page by page (#7, sync-semantics §1.3/§2.3): a folder syncs in
// memory bounded by a page, and a round cut off between two pages — here by a server
// error — resumes from its mid-round state on the next run with nothing lost and nothing
// twice. Deletes are held to the round's end so the mass-delete guard weighs them all,
// and a full listing over several pages still deletes what it never named.
import { afterEach, describe, expect, it } from 'vitest';
import { RoundLedger } from '../../agent/sync/round-ledger.js';
import { MemoryExchange } from './memory-connector.js';
import { createEngineKit, onpremProfile, type EngineKit } from './engine-kit.js';

const A = 'anna@example.test';
const calendar = { wellKnown: 'calendar' } as const;
const kits: EngineKit[] = [];
afterEach(() => { for (const k of kits.splice(0)) k.close(); });

function setup(items: number) {
  const server = new MemoryExchange('ews');
  server.addMailbox(A);
  const kit = createEngineKit(server, onpremProfile([A]));
  kits.push(kit);
  const soon = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  for (let i = 0; i < items; i += 1) server.serverCreate(A, 'appointment', { subject: `Item ${i}`, start: soon(10 + i), end: soon(11 + i) });
  return { server, kit };
}

const subjects = (kit: EngineKit) => kit.items.list({ profile: 'p1', kind: 'appointment', includeDeleted: false, limit: 1000, offset: 0 }).items.map((i) => String(i.data.subject));
const round = (kit: EngineKit) => new RoundLedger(kit.store.db).current({ profile: 'p1', mailbox: A, folderKey: 'calendar' });

describe('change rounds committed page by page', () => {
  it('a round cut off between pages keeps the pages it stored and resumes after them: nothing lost, nothing twice', async () => {
    const { server, kit } = setup(25);
    server.failTrackChangesAfter(2); // pages 1 and 2 of the calendar arrive, page 3 fails
    const cut = await kit.sync({ pageSize: 10 });
    expect(cut.errors.map((e) => [e.folder, e.code])).toEqual([['calendar', 'ErrorInternalServerError']]);
    expect(subjects(kit)).toHaveLength(20);
    expect(round(kit)).toEqual({ full: true, expand: true });

    const calls = server.callLog.length;
    const resumed = await kit.sync({ pageSize: 10 });
    expect(resumed.errors).toEqual([]);
    expect(resumed.imported).toBe(5);
    // The resumed round asked only for the page it missed (plus the other folders), not the whole listing again.
    expect(server.callLog.slice(calls).filter((c) => c === 'trackChanges')).toHaveLength(3);
    expect(new Set(subjects(kit)).size).toBe(25);
    expect(subjects(kit)).toHaveLength(25);
    expect(round(kit)).toBeNull();
    // Nothing imported went back to Exchange as a new item.
    expect(server.itemsIn(A, calendar)).toHaveLength(25);
  });

  it('deletes spread over several pages are weighed together by the mass-delete guard, and kept until confirmed', async () => {
    const { server, kit } = setup(30);
    await kit.sync({ pageSize: 5 });
    for (const item of server.itemsIn(A, calendar).slice(0, 20)) server.serverDelete(A, item.id);
    const stopped = await kit.sync({ pageSize: 5 });
    expect(stopped.errors.map((e) => e.code)).toEqual(['MB_SYNC_MASS_DELETE']);
    expect(stopped.errors[0]?.message).toContain('20 of 30');
    expect(subjects(kit)).toHaveLength(30);
    const again = await kit.sync({ pageSize: 5 });
    expect(again.errors.map((e) => e.code)).toEqual(['MB_SYNC_MASS_DELETE']);
    const confirmed = await kit.sync({ pageSize: 5, allowMassDelete: true });
    expect(confirmed.errors).toEqual([]);
    expect(confirmed.deleted).toBe(20);
    expect(subjects(kit)).toHaveLength(10);
  });

  it('a full listing over several pages deletes what it never named, and imports nothing twice', async () => {
    const { server, kit } = setup(30);
    await kit.sync({ pageSize: 10 });
    server.invalidateStates(A, calendar);
    for (const item of server.itemsIn(A, calendar).slice(0, 4)) server.serverDelete(A, item.id);
    const s = await kit.sync({ pageSize: 10 });
    expect(s.errors).toEqual([]);
    expect(s.deleted).toBe(4);
    expect(subjects(kit)).toHaveLength(26);
    expect(new Set(subjects(kit)).size).toBe(26);
    expect(round(kit)).toBeNull();
  });
});
