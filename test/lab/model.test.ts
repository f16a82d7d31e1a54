/**
 * The lab's mailbox model (#3): determinism from the seed, the folder tree, change keys,
 * change tracking (created/updated/deleted, moves, paging) and recurrence expansion.
 */
import { describe, expect, it } from 'vitest';
import { expandOccurrences, generateLabData, LabModelError, toMime, type EventItem, type Item, type MessageItem } from '../../fixtures/lab/model/index.js';

const ANCHOR = '2026-03-02T00:00:00.000Z';

function fingerprint(seed: number): string {
  const data = generateLabData({ seed, anchor: ANCHOR });
  const rows: string[] = [];
  for (const m of data.model.mailboxes()) {
    for (const f of data.model.folders(m.id)) {
      for (const i of data.model.items(f.id)) rows.push(`${m.primarySmtp}|${f.id}|${i.id}|${i.changeKey}|${i.subject}|${i.createdAt}`);
    }
  }
  return rows.join('\n');
}

describe('generateLabData', () => {
  it('is a pure function of the seed and anchor', () => {
    expect(fingerprint(7)).toBe(fingerprint(7));
    expect(fingerprint(7)).not.toBe(fingerprint(8));
  });

  it('builds user, shared and service mailboxes with the well-known folders and 7-level nesting (O365-3)', () => {
    const data = generateLabData({ seed: 1, anchor: ANCHOR });
    expect(data.userMailboxes).toHaveLength(3);
    expect(data.sharedMailboxes).toHaveLength(1);
    expect(data.serviceMailbox?.primarySmtp).toBe('svc-mailbridge@lab.mailbridge.test');
    const m = data.userMailboxes[0]!;
    for (const name of ['msgfolderroot', 'inbox', 'sentitems', 'drafts', 'deleteditems', 'calendar', 'contacts', 'tasks'] as const) {
      expect(data.model.wellKnownFolder(m.id, name).wellKnownName).toBe(name);
    }
    expect(data.model.folderPath(data.deepestFolder[m.id]!)).toHaveLength(7);
    expect(data.model.itemCount(data.model.wellKnownFolder(m.id, 'sentitems').id)).toBeGreaterThan(0);
  });

  it('produces recurring series with exceptions, all-day, free and multi-zone appointments', () => {
    const data = generateLabData({ seed: 3, anchor: ANCHOR });
    const m = data.userMailboxes[1]!;
    const events = data.model.items(data.model.wellKnownFolder(m.id, 'calendar').id) as EventItem[];
    expect(events.some((e) => e.recurrence && e.modifiedOccurrences.length > 0 && e.deletedOccurrences.length > 0)).toBe(true);
    expect(events.some((e) => e.isAllDay)).toBe(true);
    expect(events.some((e) => e.showAs === 'free')).toBe(true);
    expect(new Set(events.map((e) => e.timeZone)).size).toBeGreaterThanOrEqual(3);
  });

  it('gives messages an RFC 5322 form whose byte size is the size field', () => {
    const { model, userMailboxes } = generateLabData({ seed: 5, anchor: ANCHOR });
    const messages = model.items(model.wellKnownFolder(userMailboxes[0]!.id, 'inbox').id) as MessageItem[];
    for (const m of messages) {
      const mime = toMime(m);
      expect(Buffer.byteLength(mime)).toBe(m.size);
      expect(mime).toMatch(/^From: .+\r\nTo: .+\r\n/);
      expect(mime).toContain(`Message-ID: ${m.internetMessageId}\r\n`);
      expect(mime.split('\r\n\r\n')[1]!.split('\r\n').every((l) => l.length <= 76)).toBe(true);
    }
  });

  it('scales the item count per mailbox', () => {
    const data = generateLabData({ seed: 1, mailboxes: 2, items: 500, anchor: ANCHOR });
    const m = data.userMailboxes[0]!;
    const total = data.model.folders(m.id).reduce((n, f) => n + data.model.itemCount(f.id), 0);
    expect(total).toBe(500);
  });
});

describe('LabModel mutations and change tracking', () => {
  it('changes the change key on update and refuses a stale one', () => {
    const { model, userMailboxes } = generateLabData({ seed: 1, anchor: ANCHOR });
    const inbox = model.wellKnownFolder(userMailboxes[0]!.id, 'inbox');
    const item = model.items(inbox.id)[0] as Item;
    const updated = model.updateItem(item.id, { subject: 'changed' }, item.changeKey);
    expect(updated.changeKey).not.toBe(item.changeKey);
    expect(updated.id).toBe(item.id);
    expect(() => model.updateItem(item.id, { subject: 'again' }, item.changeKey)).toThrow(LabModelError);
    expect(() => model.deleteItem(item.id, item.changeKey)).toThrow(expect.objectContaining({ code: 'change-key-mismatch' }));
  });

  it('reports net changes since a sequence, pages them, and models a move as delete + create', () => {
    const { model, userMailboxes } = generateLabData({ seed: 1, anchor: ANCHOR });
    const mbx = userMailboxes[0]!.id;
    const inbox = model.wellKnownFolder(mbx, 'inbox');
    const archive = model.wellKnownFolder(mbx, 'deleteditems');
    const count = model.itemCount(inbox.id);
    // Full sync in pages of 5 ends with more=false and sees every item once as created.
    const seen = new Set<string>();
    let seq = 0;
    for (;;) {
      const page = model.changesSince(inbox.id, seq, 5);
      for (const c of page.changes) { expect(c.type).toBe('created'); seen.add(c.itemId); }
      seq = page.nextSeq;
      if (!page.more) break;
    }
    expect(seen.size).toBe(count);
    const [a, b] = model.items(inbox.id) as [Item, Item];
    model.updateItem(a.id, { subject: 'u1' });
    model.updateItem(a.id, { subject: 'u2' });
    const moved = model.moveItem(b.id, archive.id);
    expect(moved.id).not.toBe(b.id);
    const created = model.createItem(inbox.id, { ...(a as Extract<Item, { kind: 'message' }>), subject: 'new' } as never);
    const delta = model.changesSince(inbox.id, seq);
    expect(delta.changes.map((c) => [c.type, c.itemId])).toEqual([['updated', a.id], ['deleted', b.id], ['created', created.id]]);
    expect(delta.more).toBe(false);
    expect(model.changesSince(archive.id, seq).changes).toEqual([expect.objectContaining({ type: 'created', itemId: moved.id })]);
    // A created-then-deleted item does not appear at all.
    const temp = model.createItem(inbox.id, { ...(a as Extract<Item, { kind: 'message' }>), subject: 'temp' } as never);
    model.deleteItem(temp.id);
    expect(model.changesSince(inbox.id, delta.nextSeq).changes.map((c) => c.itemId)).not.toContain(temp.id);
  });
});

describe('folder hierarchy changes', () => {
  it('reports folders created after a sequence (SyncFolderHierarchy, mailFolders delta)', () => {
    const { model, userMailboxes } = generateLabData({ seed: 1, anchor: ANCHOR });
    const mbx = userMailboxes[0]!.id;
    const full = model.folderChangesSince(mbx, 0);
    expect(full.changes.length).toBe(model.folders(mbx).length);
    expect(full.more).toBe(false);
    const seq = model.currentSeq(mbx);
    const added = model.createFolder(model.wellKnownFolder(mbx, 'inbox').id, 'Invoices');
    const delta = model.folderChangesSince(mbx, seq);
    expect(delta.changes).toEqual([expect.objectContaining({ type: 'created', folderId: added.id })]);
    expect(model.folderChangesSince(mbx, delta.nextSeq).changes).toEqual([]);
    expect(() => model.createFolder(model.wellKnownFolder(mbx, 'inbox').id, 'invoices')).toThrow(LabModelError);
  });
});

describe('expandOccurrences', () => {
  it('keeps local time across DST and applies exceptions', () => {
    const { model, userMailboxes } = generateLabData({ seed: 1, anchor: ANCHOR });
    const cal = model.wellKnownFolder(userMailboxes[0]!.id, 'calendar');
    const series = (model.items(cal.id) as EventItem[]).find((e) => e.subject === 'Team meeting')!;
    const from = Date.parse(series.start);
    const occ = expandOccurrences(series, from, from + 20 * 7 * 86_400_000);
    expect(occ.some((o) => o.type === 'exception' && o.subject === 'Team meeting (moved)')).toBe(true);
    expect(occ.map((o) => o.originalStart)).not.toContain(series.deletedOccurrences[0]);
    // 20 weeks from early January cross the March DST switch; wall-clock time stays constant.
    const local = new Set(occ.filter((o) => o.type === 'occurrence').map((o) => new Intl.DateTimeFormat('en-GB', { timeZone: series.timeZoneIana, hour: '2-digit', minute: '2-digit' }).format(new Date(o.start))));
    expect([...local]).toEqual(['09:00']);
  });
});
