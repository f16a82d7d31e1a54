// The sync engine against the lab through the real connectors, for EWS (on-premises) and
// Microsoft Graph (online): initial and incremental sync, export with the local-id
// property, server-side changes, deletes both ways, a conflict under each policy, a
// recurring series with an exception, an all-day event across a DST change, the EX-13
// free-time filter and no-details import, recovery from an invalid sync state without
// duplicates; for Graph also O365-3/O365-4 ingestion (depth 5, shared mailbox, one copy
// per Message-ID) (#7).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nthOccurrenceStart } from '../../fixtures/lab/model/index.js';
import type { LocalItem } from '../../src/protocol/schemas/item-schemas.js';
import { DocumentStore } from '../../agent/sync/document-store.js';
import { setFaults, startConnectorLab, type ConnectorLab } from '../connectors/connector-lab.js';
import { createServerEvent, deliverMessage, folderIdByPath, labProfile, labSync, model, serverEventBySubject, serverEvents, type LabSync, type Protocol } from './lab-sync-kit.js';

let env: ConnectorLab;
const open: LabSync[] = [];

beforeAll(async () => {
  env = await startConnectorLab({ items: 20, mailboxes: 3 });
}, 60_000);

afterAll(async () => {
  for (const s of open) await s.close();
  await env?.stop();
});

async function start(protocol: Protocol, mailbox: string, patch: Record<string, unknown> = {}): Promise<LabSync> {
  const s = await labSync(env, labProfile(env, protocol, [mailbox], patch));
  open.push(s);
  return s;
}

function appointments(s: LabSync, includeDeleted = false): LocalItem[] {
  return s.kit.items.list({ profile: s.kit.profile.name, kind: 'appointment', includeDeleted, limit: 10_000, offset: 0 }).items;
}

const bySubject = (items: LocalItem[], subject: string) => items.filter((i) => i.data.subject === subject);
const inDays = (d: number, h = 9) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + d, h)).toISOString();
const FAULT: Record<Protocol, string> = { ews: 'sync-state-invalid', graph: 'graph-delta-expired' };

describe.each(['ews', 'graph'] as const)('sync engine against the lab (%s)', (protocol) => {
  const mailbox = () => env.lab.document.mailboxes[protocol === 'ews' ? 0 : 1] as string;

  test('initial sync imports the calendar; the next sync sees only new changes', async () => {
    const s = await start(protocol, mailbox());
    const first = await s.kit.sync();
    expect(first.errors).toEqual([]);
    expect(first.imported).toBeGreaterThan(0);
    expect(bySubject(appointments(s), 'Holiday')).toHaveLength(1);
    const idle = await s.kit.sync();
    expect(idle).toMatchObject({ imported: 0, created: 0, updated: 0, deleted: 0, conflicts: 0, errors: [] });
    const later = createServerEvent(env, mailbox(), { subject: `Site visit ${protocol}`, start: inDays(2), end: inDays(2, 11), location: 'Plant 2' });
    const third = await s.kit.sync();
    expect(third.imported).toBe(1);
    expect(bySubject(appointments(s), `Site visit ${protocol}`)[0]?.data).toMatchObject({ location: 'Plant 2', start: later.start });
    // A server-side edit comes in as an update of the same local item.
    model(env).updateItem(later.id, { subject: `Site visit ${protocol} (confirmed)` });
    const fourth = await s.kit.sync();
    expect(fourth.imported).toBe(1);
    expect(bySubject(appointments(s), `Site visit ${protocol} (confirmed)`)).toHaveLength(1);
    expect(bySubject(appointments(s), `Site visit ${protocol}`)).toHaveLength(0);
  }, 60_000);

  test('a new local appointment is exported with its local id, and not imported back', async () => {
    const s = await start(protocol, mailbox());
    await s.kit.sync();
    const [mine] = s.kit.items.upsert(s.kit.profile.name, [{ kind: 'serviceCall', mailbox: mailbox(), data: { subject: `Pump repair ${protocol}`, start: inDays(3, 8), end: inDays(3, 10), location: 'Customer site' } }]);
    const out = await s.kit.sync();
    expect(out).toMatchObject({ created: 1, errors: [] });
    const server = serverEventBySubject(env, mailbox(), `Pump repair ${protocol}`);
    expect(Object.values(server.extendedProperties)).toContain(mine?.localId);
    expect(Date.parse(server.start)).toBe(Date.parse(inDays(3, 8)));
    const again = await s.kit.sync();
    expect(again).toMatchObject({ imported: 0, created: 0, updated: 0 });
    expect(bySubject(s.kit.items.list({ profile: s.kit.profile.name, includeDeleted: false, limit: 10_000, offset: 0 }).items, `Pump repair ${protocol}`)).toHaveLength(1);
  }, 60_000);

  test('deletes travel both ways', async () => {
    const s = await start(protocol, mailbox());
    const remote = createServerEvent(env, mailbox(), { subject: `To be cancelled ${protocol}`, start: inDays(4), end: inDays(4, 10) });
    const [mine] = s.kit.items.upsert(s.kit.profile.name, [{ kind: 'appointment', mailbox: mailbox(), data: { subject: `Local to delete ${protocol}`, start: inDays(5), end: inDays(5, 10) } }]);
    await s.kit.sync();
    expect(serverEvents(env, mailbox()).some((e) => e.subject === `Local to delete ${protocol}`)).toBe(true);
    model(env).deleteItem(remote.id);
    s.kit.items.delete(s.kit.profile.name, [mine?.localId as string]);
    const out = await s.kit.sync();
    expect(out.errors).toEqual([]);
    expect(out.deleted).toBe(2);
    expect(serverEvents(env, mailbox()).some((e) => e.subject === `Local to delete ${protocol}`)).toBe(false);
    expect(bySubject(appointments(s, true), `To be cancelled ${protocol}`)[0]?.deletedAt).not.toBeNull();
    expect(bySubject(appointments(s), `To be cancelled ${protocol}`)).toHaveLength(0);
  }, 60_000);

  test('our own appointments deleted in Exchange before the next run are deleted locally (the state saw our creates)', async () => {
    const s = await start(protocol, mailbox());
    await s.kit.sync();
    const mine = s.kit.items.upsert(s.kit.profile.name, [1, 2, 3].map((i) => ({ kind: 'appointment' as const, mailbox: mailbox(), data: { subject: `Ours ${i} ${protocol}`, start: inDays(6 + i), end: inDays(6 + i, 10) } })));
    expect(await s.kit.sync()).toMatchObject({ created: 3, errors: [] });
    for (const e of serverEvents(env, mailbox()).filter((ev) => ev.subject.startsWith('Ours '))) model(env).deleteItem(e.id);
    const out = await s.kit.sync();
    expect(out).toMatchObject({ deleted: 3, created: 0, errors: [] });
    expect(appointments(s).filter((i) => mine.some((m) => m.localId === i.localId))).toEqual([]);
    expect(serverEvents(env, mailbox()).filter((ev) => ev.subject.startsWith('Ours '))).toEqual([]);
  }, 60_000);

  test('the application can write an appointment in its own time zone, and write back an imported one as it read it', async () => {
    const s = await start(protocol, mailbox());
    await s.kit.sync();
    const subject = `Zoned ${protocol}`;
    const [mine] = s.kit.items.upsert(s.kit.profile.name, [{ kind: 'appointment', mailbox: mailbox(), data: { subject, start: inDays(9, 8), end: inDays(9, 9), timeZone: 'W. Europe Standard Time' } }]);
    expect(await s.kit.sync()).toMatchObject({ created: 1, errors: [] });
    // EWS writes the item's zone (EX-14); Graph writes the instants in UTC.
    expect(serverEventBySubject(env, mailbox(), subject).timeZone).toBe(protocol === 'ews' ? 'W. Europe Standard Time' : 'UTC');
    expect(Date.parse(serverEventBySubject(env, mailbox(), subject).start)).toBe(Date.parse(inDays(9, 8)));
    // An imported item comes with read-only fields (organizer, attendees, its zone); writing it back unchanged is accepted and changes nothing.
    const imported = appointments(s).find((i) => i.origin === 'remote' && i.localId !== mine?.localId);
    expect(imported).toBeDefined();
    s.kit.items.upsert(s.kit.profile.name, [{ localId: imported?.localId as string, kind: 'appointment', mailbox: mailbox(), data: imported?.data as never }]);
    expect(await s.kit.sync()).toMatchObject({ created: 0, updated: 0, errors: [] });
  }, 60_000);

  for (const [policy, winner] of [['exchange-wins', 'exchange'], ['application-wins', 'application'], ['newest-wins', 'application']] as const) {
    test(`a conflict under ${policy} is decided for the ${winner} and audited`, async () => {
      const s = await start(protocol, mailbox());
      s.kit.books.saveSettings(s.kit.profile.name, { conflictPolicy: policy });
      const subject = `Conflict ${policy} ${protocol}`;
      const [mine] = s.kit.items.upsert(s.kit.profile.name, [{ kind: 'appointment', mailbox: mailbox(), data: { subject, start: inDays(6), end: inDays(6, 10) } }]);
      await s.kit.sync();
      const server = serverEventBySubject(env, mailbox(), subject);
      model(env).updateItem(server.id, { location: 'Exchange room' });
      await new Promise((r) => setTimeout(r, 20));
      s.kit.items.upsert(s.kit.profile.name, [{ localId: mine?.localId as string, kind: 'appointment', mailbox: mailbox(), data: { subject, start: inDays(6), end: inDays(6, 10), location: 'PSA room' } }]);
      const out = await s.kit.sync();
      expect(out.errors).toEqual([]);
      expect(out.conflicts).toBe(1);
      const expected = winner === 'exchange' ? 'Exchange room' : 'PSA room';
      expect(bySubject(appointments(s), subject)[0]?.data.location).toBe(expected);
      expect(serverEventBySubject(env, mailbox(), subject).location).toBe(expected);
      expect(s.kit.books.conflicts(s.kit.profile.name)).toEqual([expect.objectContaining({ policy, winner, local_id: mine?.localId })]);
    }, 60_000);
  }

  test('recurring series: occurrences in the window, a new exception and a deleted occurrence follow', async () => {
    const s = await start(protocol, mailbox(), { windows: { pastDays: 30, recurringDaysAhead: 30 } });
    await s.kit.sync();
    const master = serverEventBySubject(env, mailbox(), 'Daily stand-up');
    const before = bySubject(appointments(s), 'Daily stand-up').length;
    // 30 daily occurrences from 10 days ago, the 3rd deleted by the generator.
    expect(before).toBe(29);
    const moved = nthOccurrenceStart(master, 12) as string;
    const dropped = nthOccurrenceStart(master, 13) as string;
    const movedStart = Date.parse(moved) + 2 * 3_600_000;
    model(env).updateItem(master.id, {
      modifiedOccurrences: [...master.modifiedOccurrences, { originalStart: moved, start: new Date(movedStart).toISOString(), end: new Date(movedStart + 15 * 60_000).toISOString(), subject: 'Daily stand-up (moved)' }],
      deletedOccurrences: [...master.deletedOccurrences, dropped],
    });
    const out = await s.kit.sync();
    expect(out.errors).toEqual([]);
    const exception = bySubject(appointments(s), 'Daily stand-up (moved)');
    expect(exception).toHaveLength(1);
    expect(Date.parse(exception[0]?.data.start as string)).toBe(movedStart);
    expect(bySubject(appointments(s), 'Daily stand-up')).toHaveLength(before - 2);
  }, 60_000);

  test('an all-day event across the DST change keeps its exact start and end', async () => {
    const s = await start(protocol, mailbox(), { windows: { pastDays: 7, recurringDaysAhead: 30 } });
    // Europe/Amsterdam: 27 March 2027 00:00 CET .. 30 March 2027 00:00 CEST (DST starts on the 28th).
    createServerEvent(env, mailbox(), { subject: `Fair across DST ${protocol}`, start: '2027-03-26T23:00:00.000Z', end: '2027-03-29T22:00:00.000Z', isAllDay: true, timeZone: 'W. Europe Standard Time', timeZoneIana: 'Europe/Amsterdam' });
    await s.kit.sync();
    const item = bySubject(appointments(s), `Fair across DST ${protocol}`)[0];
    expect(item?.data.isAllDay).toBe(true);
    expect(Date.parse(item?.data.start as string)).toBe(Date.parse('2027-03-26T23:00:00.000Z'));
    expect(Date.parse(item?.data.end as string)).toBe(Date.parse('2027-03-29T22:00:00.000Z'));
  }, 60_000);

  test('EX-13: free-time appointments stay out when not sent; noDetails keeps start and end only', async () => {
    createServerEvent(env, mailbox(), { subject: `Free slot ${protocol}`, start: inDays(7), end: inDays(7, 10), showAs: 'free' });
    // An odd minute, so no generated event shares its start.
    const at = (h: number) => new Date(Date.parse(inDays(8, h)) + 17 * 60_000).toISOString();
    createServerEvent(env, mailbox(), { subject: `Private ${protocol}`, start: at(9), end: at(10), body: 'confidential', location: 'Clinic' });
    const filtered = await start(protocol, mailbox(), { import: { appointments: 'all', sendFreeTime: false } });
    await filtered.kit.sync();
    expect(bySubject(appointments(filtered), `Free slot ${protocol}`)).toHaveLength(0);
    expect(bySubject(appointments(filtered), `Private ${protocol}`)).toHaveLength(1);
    const bare = await start(protocol, mailbox(), { import: { appointments: 'noDetails', sendFreeTime: true } });
    await bare.kit.sync();
    const items = appointments(bare);
    expect(items.some((i) => i.data.subject !== '')).toBe(false);
    expect(items.some((i) => 'location' in i.data || 'body' in i.data)).toBe(false);
    const server = serverEventBySubject(env, mailbox(), `Private ${protocol}`);
    expect(items.filter((i) => Date.parse(i.data.start as string) === Date.parse(server.start))).toHaveLength(1);
  }, 60_000);

  test('an invalid sync state leads to a full reconcile without duplicates', async () => {
    const s = await start(protocol, mailbox());
    s.kit.items.upsert(s.kit.profile.name, [{ kind: 'appointment', mailbox: mailbox(), data: { subject: `Before resync ${protocol}`, start: inDays(9), end: inDays(9, 10) } }]);
    await s.kit.sync();
    const count = appointments(s).length;
    const serverCount = serverEvents(env, mailbox()).length;
    createServerEvent(env, mailbox(), { subject: `During resync ${protocol}`, start: inDays(10), end: inDays(10, 10) });
    await setFaults(env.lab, [FAULT[protocol]]);
    let out;
    try {
      out = await s.kit.sync();
    } finally {
      await setFaults(env.lab, [], [FAULT[protocol]]);
    }
    expect(out.errors).toEqual([]);
    expect(appointments(s)).toHaveLength(count + 1);
    expect(serverEvents(env, mailbox())).toHaveLength(serverCount + 1);
    expect(bySubject(appointments(s), `Before resync ${protocol}`)).toHaveLength(1);
  }, 60_000);
});

describe('idle polls against the lab (graph, sync-semantics §4.4)', () => {
  test('an idle run asks for every folder of every mailbox in one $batch; a change found there is not asked for again', async () => {
    const boxes = env.lab.document.mailboxes.slice(0, 2) as string[];
    const s = await start('graph', boxes[0] as string, { staff: boxes.map((user) => ({ user, enabled: true })) });
    expect((await s.kit.sync()).errors).toEqual([]);
    await s.kit.sync(); // takes in the EX-15 confirmations the first run sent
    const ops = () => env.lab.context.stats.snapshot().requests.byOperation;
    env.lab.context.stats.reset();
    const idle = await s.kit.sync();
    expect(idle).toMatchObject({ imported: 0, errors: [] });
    // 2 mailboxes × calendar, contacts, tasks = 6 delta requests, all as parts of one $batch round trip.
    expect(idle.roundTrips).toBe(1);
    expect(ops()['graph:batch']).toBe(1);
    expect((ops()['graph:calendarView.delta'] ?? 0) + (ops()['graph:contacts.delta'] ?? 0) + (ops()['graph:todo.tasks.delta'] ?? 0)).toBe(6);

    createServerEvent(env, boxes[1] as string, { subject: 'Found by the idle poll', start: inDays(3), end: inDays(3, 10) });
    env.lab.context.stats.reset();
    const changed = await s.kit.sync();
    expect(changed).toMatchObject({ imported: 1, errors: [] });
    // The event came in the batch's page (delta carries the item): no second request for that folder.
    expect(changed.roundTrips).toBe(1);
    expect(bySubject(appointments(s), 'Found by the idle poll')).toHaveLength(1);
  }, 60_000);
});

describe('mail ingestion against the lab (graph, O365-3/O365-4)', () => {
  test('only new mail, a folder at depth 5, Sent Items and a shared mailbox; each Message-ID once; depth 6 refused', async () => {
    const staff = env.lab.document.mailboxes[2] as string;
    const shared = env.online.sharedMailboxes[0] as string;
    const deep = 'Inbox/Projects/2026/Q4/Customers';
    const s = await start('graph', staff, { mail: { folders: ['Inbox', deep], includeSentItems: true }, sharedMailboxes: [shared], import: { appointments: 'none' }, export: {} });
    const first = await s.kit.sync();
    expect(first.errors).toEqual([]);
    expect(first.ingested).toBe(0);
    const m = model(env);
    deliverMessage(env, staff, m.wellKnownFolder(m.findMailbox(staff)!.id, 'inbox').id, '<new-1@lab.test>', 'New one');
    deliverMessage(env, staff, folderIdByPath(env, staff, deep), '<deep-1@lab.test>', 'Deep one');
    deliverMessage(env, staff, m.wellKnownFolder(m.findMailbox(staff)!.id, 'sentitems').id, '<sent-1@lab.test>', 'Sent one');
    deliverMessage(env, shared, m.wellKnownFolder(m.findMailbox(shared)!.id, 'inbox').id, '<new-1@lab.test>', 'New one (shared copy)');
    deliverMessage(env, shared, m.wellKnownFolder(m.findMailbox(shared)!.id, 'inbox').id, '<shared-1@lab.test>', 'Shared one');
    const second = await s.kit.sync();
    expect(second.errors).toEqual([]);
    // The four delivered, plus the EX-15 confirmation the first sync sent (it lands in Sent Items, a selected folder).
    expect(second.ingested).toBe(5);
    const third = await s.kit.sync({ full: true });
    expect(third.ingested).toBe(0);
    const all = new DocumentStore(s.kit.store.db, s.kit.dir).list(s.kit.profile.name);
    expect(all.filter((d) => d.subject?.startsWith('Your mailbox is now connected'))).toHaveLength(1);
    const docs = all.filter((d) => !d.subject?.startsWith('Your mailbox is now connected'));
    expect(docs.map((d) => d.messageId).sort()).toEqual(['<deep-1@lab.test>', '<new-1@lab.test>', '<sent-1@lab.test>', '<shared-1@lab.test>']);
    expect(docs.find((d) => d.messageId === '<deep-1@lab.test>')?.folderPath).toBe(deep);
    expect(docs.every((d) => d.size > 0 && /^[0-9a-f]{64}$/.test(d.sha256))).toBe(true);

    const tooDeep = await start('graph', staff, { mail: { folders: [`${deep}/Acme/Contracts`], includeSentItems: false }, import: { appointments: 'none' }, export: {} });
    const refused = await tooDeep.kit.sync();
    expect(refused.errors.map((e) => e.code)).toEqual(['MB_FOLDER_TOO_DEEP']);
    expect(refused.errors[0]?.diagnosis?.fix.length).toBeGreaterThan(0);
  }, 60_000);
});
