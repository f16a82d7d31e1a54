// The real sync engine against an in-memory Exchange (test/sync/memory-connector.ts, a
// double for the server only): initial and incremental sync, export with the local-id
// property, lost create answers, deletes both ways, conflicts under each policy,
// recurring series with an exception, EX-13 filters, invalid sync state without
// duplicates, the mass-delete guard, throttling delays and mail ingestion (#7).
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DocumentStore } from '../../agent/sync/document-store.js';
import { LocalStore } from '../../agent/sync/local-store.js';
import { MemoryExchange } from './memory-connector.js';
import { createEngineKit, onlineProfile, onpremProfile, type EngineKit } from './engine-kit.js';

const A = 'anna@example.test';
const kits: EngineKit[] = [];
afterEach(() => { for (const k of kits.splice(0)) k.close(); });

function setup(protocol: 'ews' | 'graph' = 'ews', patch: Record<string, unknown> = {}, online = false) {
  const server = new MemoryExchange(protocol);
  server.addMailbox(A, ['Inbox/Projects', 'Inbox/Projects/2026', 'Inbox/Projects/2026/Q1', 'Inbox/Projects/2026/Q1/Week1']);
  const kit = createEngineKit(server, online ? onlineProfile([A], patch) : onpremProfile([A], patch));
  kits.push(kit);
  return { server, kit };
}

const soon = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
const appt = (subject: string, h = 24, extra: Record<string, unknown> = {}) => ({ subject, start: soon(h), end: soon(h + 1), ...extra });
const calendar = { wellKnown: 'calendar' } as const;
const localAppointments = (kit: EngineKit) => kit.items.list({ profile: 'p1', kind: 'appointment', includeDeleted: false, limit: 1000, offset: 0 }).items;

describe('sync engine (in-memory server)', () => {
  it('initial sync imports, the next sync sees only new changes and asks only one round trip per folder', async () => {
    const { server, kit } = setup();
    server.serverCreate(A, 'appointment', appt('Kickoff'));
    server.serverCreate(A, 'appointment', appt('Review', 48));
    const first = await kit.sync();
    expect(first.errors).toEqual([]);
    expect(first.imported).toBe(2);
    expect(localAppointments(kit).map((i) => i.data.subject).sort()).toEqual(['Kickoff', 'Review']);

    const idle = await kit.sync();
    expect(idle).toMatchObject({ imported: 0, created: 0, updated: 0, deleted: 0 });
    expect(idle.roundTrips).toBe(3); // calendar, contacts, tasks: one trackChanges each

    const id = server.serverCreate(A, 'appointment', appt('Added later', 72));
    server.serverUpdate(A, id, { location: 'Room 2' });
    const third = await kit.sync();
    expect(third.imported).toBe(1);
    expect(localAppointments(kit).find((i) => i.data.subject === 'Added later')?.data.location).toBe('Room 2');
  });

  it('exports a new local appointment stamped with its local id, and our own echo is not re-imported', async () => {
    const { server, kit } = setup();
    const [written] = kit.items.upsert('p1', [{ kind: 'appointment', mailbox: A, data: appt('From PSA') }]);
    const s = await kit.sync();
    expect(s.created).toBe(1);
    const remote = server.itemsIn(A, calendar);
    expect(remote).toHaveLength(1);
    expect(remote[0]?.localId).toBe(written?.localId);
    const again = await kit.sync();
    expect(again).toMatchObject({ imported: 0, created: 0, updated: 0 });
    expect(server.callLog.filter((c) => c === 'getItem')).toHaveLength(0);
    expect(localAppointments(kit)).toHaveLength(1);
  });

  it('a create whose answer was lost is found by the local-id property and adopted, not repeated', async () => {
    const { server, kit } = setup();
    kit.items.upsert('p1', [{ kind: 'serviceCall', mailbox: A, data: appt('Boiler repair') }]);
    server.loseNextCreate();
    const failed = await kit.sync();
    expect(failed.errors.map((e) => e.code)).toContain('ECONNRESET');
    expect(failed.errors[0]?.diagnosis).not.toBeNull();
    const recovered = await kit.sync();
    expect(recovered.errors).toEqual([]);
    expect(server.itemsIn(A, calendar)).toHaveLength(1);
    expect(server.callLog.filter((c) => c === 'createItem')).toHaveLength(1);
    const items = kit.items.list({ profile: 'p1', includeDeleted: false, limit: 100, offset: 0 }).items;
    expect(items).toHaveLength(1);
    expect(items[0]?.remoteId).toBe(server.itemsIn(A, calendar)[0]?.id);
  });

  it('a create noted as started but never answered is looked up by the local id before creating', async () => {
    const { server, kit } = setup();
    const [mine] = kit.items.upsert('p1', [{ kind: 'appointment', mailbox: A, data: appt('Maybe sent') }]);
    await kit.sync();
    // Simulate a crash between noting the create and recording its answer, for an item the server never got.
    kit.items.upsert('p1', [{ kind: 'todo', mailbox: A, data: { subject: 'Call back' } }]);
    const todo = kit.items.list({ profile: 'p1', kind: 'todo', includeDeleted: false, limit: 10, offset: 0 }).items[0];
    new LocalStore(kit.store.db).markCreateStarted('p1', A, todo?.localId as string, 'task');
    const s = await kit.sync();
    expect(s.created).toBe(1);
    expect(server.callLog).toContain('findByLocalId');
    expect(server.itemsIn(A, { wellKnown: 'tasks' }).map((t) => t.localId)).toEqual([todo?.localId]);
    expect(server.itemsIn(A, calendar).map((t) => t.localId)).toEqual([mine?.localId]);
  });

  it('updates and deletes travel both ways as tombstones', async () => {
    const { server, kit } = setup();
    const remoteId = server.serverCreate(A, 'appointment', appt('Remote one'));
    const [mine] = kit.items.upsert('p1', [{ kind: 'appointment', mailbox: A, data: appt('Local one', 30) }]);
    await kit.sync();
    // Local edit → Exchange.
    kit.items.upsert('p1', [{ localId: mine?.localId as string, kind: 'appointment', mailbox: A, data: appt('Local one (moved)', 31) }]);
    expect((await kit.sync()).updated).toBe(1);
    expect(server.itemsIn(A, calendar).find((i) => i.localId === mine?.localId)?.data.subject).toBe('Local one (moved)');
    // Exchange delete → local tombstone.
    server.serverDelete(A, remoteId);
    expect((await kit.sync()).deleted).toBe(1);
    const all = kit.items.list({ profile: 'p1', includeDeleted: true, limit: 100, offset: 0 }).items;
    expect(all.find((i) => i.data.subject === 'Remote one')?.deletedAt).not.toBeNull();
    // Local delete → Exchange.
    kit.items.delete('p1', [mine?.localId as string]);
    expect((await kit.sync()).deleted).toBe(1);
    expect(server.itemsIn(A, calendar)).toHaveLength(0);
    const changes = kit.items.changes('p1', 0, 100);
    expect(changes.changes.every((c) => c.deletedAt !== null)).toBe(true);
  });

  for (const [policy, winner] of [['exchange-wins', 'Exchange edit'], ['application-wins', 'Local edit'], ['newest-wins', 'Local edit']] as const) {
    it(`a conflict under ${policy} keeps the ${winner} on both sides and is audited`, async () => {
      const { server, kit } = setup();
      kit.books.saveSettings('p1', { conflictPolicy: policy });
      const [mine] = kit.items.upsert('p1', [{ kind: 'appointment', mailbox: A, data: appt('Original') }]);
      await kit.sync();
      const remoteId = server.itemsIn(A, calendar)[0]?.id as string;
      server.serverUpdate(A, remoteId, { subject: 'Exchange edit' }, new Date(Date.now() - 60_000));
      kit.items.upsert('p1', [{ localId: mine?.localId as string, kind: 'appointment', mailbox: A, data: { ...appt('Local edit'), start: server.itemsIn(A, calendar)[0]?.data.start, end: server.itemsIn(A, calendar)[0]?.data.end } }]);
      const s = await kit.sync();
      expect(s.conflicts).toBe(1);
      expect(localAppointments(kit)[0]?.data.subject).toBe(winner);
      expect(server.itemsIn(A, calendar)[0]?.data.subject).toBe(winner);
      const audit = kit.books.conflicts('p1');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ policy, winner: winner === 'Exchange edit' ? 'exchange' : 'application', local_id: mine?.localId });
    });
  }

  it('recurring series: occurrences inside the window, an exception kept exact, a deleted occurrence removed', async () => {
    const { server, kit } = setup('ews', { windows: { pastDays: 1, recurringDaysAhead: 10 } });
    const master = server.serverCreate(A, 'appointment', appt('Standup', 1), { recurrence: { intervalDays: 1, count: 30, exceptions: new Map() } });
    await kit.sync();
    const occurrences = localAppointments(kit).filter((i) => i.data.subject === 'Standup');
    // Days 0..10 from the first occurrence fall in the window (window ends after day +10).
    expect(occurrences.length).toBeGreaterThanOrEqual(10);
    expect(occurrences.length).toBeLessThanOrEqual(11);
    server.serverException(A, master, 2, { subject: 'Standup (moved)', location: 'Room 9' });
    server.serverException(A, master, 3, null);
    await kit.sync();
    const after = localAppointments(kit);
    expect(after.filter((i) => i.data.subject === 'Standup (moved)')).toHaveLength(1);
    expect(after.filter((i) => i.data.subject?.toString().startsWith('Standup'))).toHaveLength(occurrences.length - 1);
  });

  it('an all-day event across a DST change keeps its exact dates', async () => {
    const { server, kit } = setup('ews', { windows: { pastDays: 30, recurringDaysAhead: 30 } });
    // Europe switches to summer time on 2027-03-28; stored as UTC midnights.
    server.serverCreate(A, 'appointment', { subject: 'Trade fair', start: '2027-03-27T00:00:00Z', end: '2027-03-30T00:00:00Z', isAllDay: true });
    await kit.sync();
    expect(localAppointments(kit)[0]?.data).toMatchObject({ start: '2027-03-27T00:00:00Z', end: '2027-03-30T00:00:00Z', isAllDay: true });
  });

  it('EX-13: free-time appointments are not imported when switched off; noDetails keeps start and end only', async () => {
    const { server, kit } = setup('ews', { import: { appointments: 'noDetails', sendFreeTime: false } });
    server.serverCreate(A, 'appointment', appt('Lunch', 5, { showAs: 'free' }));
    server.serverCreate(A, 'appointment', appt('Doctor', 6, { showAs: 'busy', body: 'private', location: 'Clinic' }));
    await kit.sync();
    const items = localAppointments(kit);
    expect(items).toHaveLength(1);
    expect(items[0]?.data).toEqual({ subject: '', start: expect.any(String), end: expect.any(String), showAs: 'busy' });
  });

  it('an invalid sync state leads to a full reconcile without duplicates', async () => {
    const { server, kit } = setup();
    server.serverCreate(A, 'appointment', appt('One'));
    kit.items.upsert('p1', [{ kind: 'appointment', mailbox: A, data: appt('Two', 30) }]);
    await kit.sync();
    server.invalidateStates(A, calendar);
    const gone = server.itemsIn(A, calendar).find((i) => i.data.subject === 'One')?.id as string;
    server.serverDelete(A, gone);
    server.serverCreate(A, 'appointment', appt('Three', 40));
    const s = await kit.sync();
    expect(s.errors).toEqual([]);
    expect(localAppointments(kit).map((i) => i.data.subject).sort()).toEqual(['Three', 'Two']);
    expect(server.itemsIn(A, calendar)).toHaveLength(2);
  });

  it('the mass-delete guard stops a sync that would delete most of a folder, until confirmed', async () => {
    const { server, kit } = setup();
    for (let i = 0; i < 20; i += 1) server.serverCreate(A, 'appointment', appt(`Item ${i}`, 10 + i));
    await kit.sync();
    for (const item of server.itemsIn(A, calendar).slice(0, 15)) server.serverDelete(A, item.id);
    const stopped = await kit.sync();
    expect(stopped.errors.map((e) => e.code)).toEqual(['MB_SYNC_MASS_DELETE']);
    expect(localAppointments(kit)).toHaveLength(20);
    const confirmed = await kit.sync({ allowMassDelete: true });
    expect(confirmed.deleted).toBe(15);
    expect(localAppointments(kit)).toHaveLength(5);
  });

  it('throttling: every throttled call is retried no earlier than the server asked', async () => {
    const { server, kit } = setup();
    server.serverCreate(A, 'appointment', appt('One'));
    server.throttleNext(2, 150);
    const s = await kit.sync();
    expect(s.errors).toEqual([]);
    const [t0, t1, t2] = server.callTimes;
    expect((t1 as number) - (t0 as number)).toBeGreaterThanOrEqual(150);
    expect((t2 as number) - (t1 as number)).toBeGreaterThanOrEqual(150);
    expect(localAppointments(kit)).toHaveLength(1);
  });

  it('mail ingestion: only mail after the selection, folder at depth 5, shared mailbox, each Message-ID stored once', async () => {
    const S = 'shared@example.test';
    const server = new MemoryExchange('graph');
    server.addMailbox(A, ['Inbox/Projects', 'Inbox/Projects/2026', 'Inbox/Projects/2026/Q1', 'Inbox/Projects/2026/Q1/Week1']);
    server.addMailbox(S);
    const old = new Date(Date.now() - 86_400_000).toISOString();
    server.serverDeliver(A, 'Inbox', { internetMessageId: '<old@x>', subject: 'old', receivedAt: old });
    const kit = createEngineKit(server, onlineProfile([A], { mail: { folders: ['Inbox', 'Inbox/Projects/2026/Q1/Week1'], includeSentItems: true }, sharedMailboxes: [S], export: {}, import: { appointments: 'none' } }));
    kits.push(kit);
    const first = await kit.sync();
    expect(first.errors).toEqual([]);
    expect(first.ingested).toBe(0);
    server.serverDeliver(A, 'Inbox', { internetMessageId: '<new@x>', subject: 'new', receivedAt: new Date().toISOString(), from: 'bob@example.test' });
    server.serverDeliver(A, 'Inbox/Projects/2026/Q1/Week1', { internetMessageId: '<deep@x>', subject: 'deep', receivedAt: new Date().toISOString() });
    server.serverDeliver(S, 'Inbox', { internetMessageId: '<new@x>', subject: 'new (shared copy)', receivedAt: new Date().toISOString() });
    server.serverDeliver(S, 'Sent Items', { internetMessageId: '<sent@x>', subject: 'sent', receivedAt: new Date().toISOString() });
    const second = await kit.sync();
    expect(second.ingested).toBe(3);
    const third = await kit.sync({ full: true });
    expect(third.ingested).toBe(0);
    // Idle: one change request per folder synced (3 selected for staff, 2 in the shared mailbox), no folder lookups.
    const idle = await kit.sync();
    expect(idle).toMatchObject({ ingested: 0, errors: [] });
    expect(idle.roundTrips).toBe(5);
    const docs = new DocumentStore(kit.store.db, kit.dir).list('p1');
    expect(docs.map((d) => d.messageId).sort()).toEqual(['<deep@x>', '<new@x>', '<sent@x>']);
    expect(docs.find((d) => d.messageId === '<deep@x>')?.folderPath).toBe('Inbox/Projects/2026/Q1/Week1');
    for (const d of docs) {
      expect(existsSync(d.file)).toBe(true);
      expect(readFileSync(d.file, 'utf8')).toContain(`Message-ID: ${d.messageId}`);
    }
    // The shared copy of <new@x> (other headers, so another file) was fetched in the same run as the staff copy: no file is left without its row.
    const files = readdirSync(path.join(kit.dir, 'documents'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.eml'));
    expect(files.map((f) => path.basename(f)).sort()).toEqual(docs.map((d) => path.basename(d.file)).sort());
  });

  it('a folder at depth 6 is refused with O365-3', async () => {
    const server = new MemoryExchange('graph');
    server.addMailbox(A);
    const kit = createEngineKit(server, onlineProfile([A], { mail: { folders: ['a/b/c/d/e/f'] }, export: {}, import: { appointments: 'none' } }));
    kits.push(kit);
    const s = await kit.sync();
    expect(s.errors.map((e) => e.code)).toEqual(['MB_FOLDER_TOO_DEEP']);
  });

  it('EX-15: a newly enabled staff member gets the confirmation once; EX-11: a failure is notified once until a run succeeds', async () => {
    const ghost = 'ghost@example.test';
    const server = new MemoryExchange('ews');
    server.addMailbox(A);
    const kit = createEngineKit(server, onpremProfile([A, ghost], { notificationAddresses: 'ops@example.test; boss@example.test' }));
    kits.push(kit);
    const first = await kit.sync();
    expect(first.errors.map((e) => e.mailbox)).toContain(ghost);
    await kit.sync();
    const confirmations = server.sent.filter((s) => s.mail.to.includes(A));
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]?.mail.body).toContain('without sending invitations');
    const notices = () => server.sent.filter((s) => s.mail.to.includes('ops@example.test'));
    expect(notices()).toHaveLength(1);
    expect(notices()[0]?.mail.to).toEqual(['ops@example.test', 'boss@example.test']);
    expect(notices()[0]?.mail.body).toContain(ghost);
    expect(notices()[0]?.from).toBe(A);
    expect(kit.books.userStatus('p1').map((u) => [u.mailbox, u.lastResult])).toEqual([[A, 'ok'], [ghost, 'failed']]);
    // Fixed (ghost disabled), then broken again: a new notice.
    kit.setProfile({ staff: [{ user: A, enabled: true }, { user: ghost, enabled: false }] });
    expect((await kit.sync()).errors).toEqual([]);
    kit.setProfile({ staff: [{ user: A, enabled: true }, { user: ghost, enabled: true }] });
    await kit.sync();
    expect(notices()).toHaveLength(2);
  });

  it('EX-14: past entries only back to the window; unknown contacts are not even read when none is ours', async () => {
    const { server, kit } = setup('ews', { windows: { pastDays: 7, recurringDaysAhead: 30 } });
    server.serverCreate(A, 'appointment', { subject: 'Long ago', start: soon(-20 * 24), end: soon(-20 * 24 + 1) });
    server.serverCreate(A, 'appointment', { subject: 'Last week', start: soon(-3 * 24), end: soon(-3 * 24 + 1) });
    for (let i = 0; i < 5; i += 1) server.serverCreate(A, 'contact', { displayName: `Someone ${i}` });
    await kit.sync();
    expect(localAppointments(kit).map((i) => i.data.subject)).toEqual(['Last week']);
    expect(server.callLog.filter((c) => c === 'getItem')).toHaveLength(2);
    kit.setProfile({ windows: { pastDays: 30, recurringDaysAhead: 30 } });
    await kit.sync({ full: true });
    expect(localAppointments(kit).map((i) => i.data.subject).sort()).toEqual(['Last week', 'Long ago']);
  });
});
