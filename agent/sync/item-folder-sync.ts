/**
 * Two-way sync of one item folder (calendar, contacts, tasks) of one mailbox:
 * 1. import: one change round from the stored state (restarted from scratch on --full,
 *    on a refused state, and on Graph when the frozen calendar window has rolled); items
 *    reported created/updated are taken from the page when it carries them (Graph delta) or
 *    read in batches (getItems), unless the change key is the one we last saw
 *    (echo of our own write); a full round also reports, by absence, what was deleted;
 * 2. recurring series are expanded into occurrences inside the EX-14 window with
 *    CalendarView slices, reconciled as a set;
 * 3. export: local creates, updates and deletes go to Exchange, each recorded right after
 *    its answer; a create is noted durably before it is sent, so a lost answer leads to a
 *    lookup by the local-id property, never a second create.
 */
import { ITEMS_PER_READ, type ItemKind, type RemoteItem, type TimeWindow } from '../connectors/connector.js';
import type { LocalKind } from '../../src/protocol/schemas/item-schemas.js';
import { readChangeRound } from './change-round.js';
import { changedFields, contentHash } from './content-hash.js';
import { LOCAL_KIND_FACTS, localKindsIn, type TrackedFolderFacts } from './item-kinds.js';
import { applyRemoteBatch } from './remote-apply.js';
import { decideLocalChange } from './sync-decisions.js';
import { call, type MailboxSyncContext } from './sync-context.js';
import { expansionWindow, overlapsWindow, sliceWindow, trackingWindow, windowChanged } from './sync-windows.js';

const SERIES_TYPES = new Set(['seriesMaster', 'occurrence', 'exception']);
const EXPANDED_TYPES = new Set(['occurrence', 'exception']);

function importsAs(ctx: MailboxSyncContext, facts: TrackedFolderFacts): LocalKind | null {
  if (facts.folder === 'calendar') return ctx.options.import.appointments === 'none' ? null : 'appointment';
  if (facts.folder === 'tasks') return ctx.options.export.todos ? 'todo' : null;
  // Contacts go one way (EX-12): the application's contacts to Exchange.
  return null;
}

async function importPhase(ctx: MailboxSyncContext, facts: TrackedFolderFacts): Promise<{ needsExpansion: boolean }> {
  const { local, books, options, mailbox } = ctx;
  const profile = options.profile;
  const folderKey = facts.folder;
  const stored = books.folderState(profile, mailbox, folderKey);
  const isCalendar = facts.folder === 'calendar';
  const window: TimeWindow | null = isCalendar ? trackingWindow(ctx.now(), options.windows) : null;
  const restart = ctx.full || (isCalendar && ctx.connector.protocol === 'graph' && windowChanged(stored.window, window as TimeWindow));
  const round = await readChangeRound(ctx, { wellKnown: facts.folder }, restart ? null : stored.state, {
    kind: facts.remoteKind, pageSize: options.pageSize, ...(window ? { window } : {}),
  });

  let needsExpansion = round.full;
  const importKind = importsAs(ctx, facts);
  // With nothing to import and no item of ours in this folder, unknown Exchange items need no reading at all.
  const mayConcernUs = importKind !== null || local.countItems(profile, mailbox, localKindsIn(facts.folder)) > 0;
  // EX-14: past entries only as far back as the window.
  const pastLimit = window ? Date.parse(window.start) : Date.parse(trackingWindow(ctx.now(), options.windows).start);
  const present: RemoteItem[] = [];
  const deletedIds: string[] = [];
  const fetched = new Set<string>();
  const toRead: Array<{ id: string; paired: boolean }> = [];
  const carried = new Map<number, RemoteItem>();
  // An unlinked Exchange item can only be one of ours (a create whose answer was lost) while some local item of this folder has no remote id.
  const linked = local.pairsOfKind(profile, mailbox, facts.remoteKind).filter((p) => p.remote_id).length;
  const localIdMatters = local.countItems(profile, mailbox, localKindsIn(facts.folder)) > linked;
  for (const change of round.changes) {
    const pair = local.pairByRemote(profile, mailbox, change.id);
    if (change.type === 'deleted') {
      if (!pair || EXPANDED_TYPES.has(pair.remote_type ?? '')) needsExpansion = true;
      deletedIds.push(change.id);
      continue;
    }
    // Occurrences are the expansion's (EX-14): a report about one only says the series needs it.
    if (pair && EXPANDED_TYPES.has(pair.remote_type ?? '')) { needsExpansion = true; continue; }
    if (!pair && !mayConcernUs) continue;
    // Our own write coming back (or nothing new): the change key is the one we stored.
    if (!round.full && pair && change.changeKey && pair.change_key === change.changeKey) continue;
    // The page carried the item (Graph delta): use it unless only a read can tell whether it is ours (its local-id property).
    if (change.item && (pair !== undefined || !localIdMatters)) { carried.set(toRead.length, change.item); }
    toRead.push({ id: change.id, paired: pair !== undefined });
  }
  // Batched reads (one EWS GetItem of 40, or one Graph $batch of 20 per call), one call at a time per mailbox; results keep the round's order.
  const perRead = ITEMS_PER_READ[ctx.connector.protocol];
  const read: Array<RemoteItem | null> = toRead.map((_, i) => carried.get(i) ?? null);
  const missing = toRead.map((_, i) => i).filter((i) => !carried.has(i));
  for (let at = 0; at < missing.length; at += perRead) {
    const slots = missing.slice(at, at + perRead);
    const items = await call(ctx, (c) => c.getItems(ctx.mailbox, facts.remoteKind, slots.map((i) => (toRead[i] as { id: string }).id)));
    slots.forEach((slot, k) => { read[slot] = items[k] ?? null; });
  }
  toRead.forEach(({ id, paired }, i) => {
    const item = read[i];
    if (!item) {
      // Gone since it was listed; in a full listing, absence (not a failed read) is what means deleted.
      if (round.full) needsExpansion = true;
      else deletedIds.push(id);
      return;
    }
    // Two reports may name one item (delta replays, id forms): decide it once.
    if (fetched.has(item.id)) return;
    fetched.add(item.id);
    if (isCalendar && item.appointmentType && SERIES_TYPES.has(item.appointmentType)) { needsExpansion = true; return; }
    if (isCalendar && !paired && !item.localId && Date.parse((item.data as { end: string }).end) < pastLimit) return;
    present.push(item);
  });
  if (round.full) {
    // A full listing: every pair whose remote item is not in it was deleted in Exchange.
    const listed = new Set(round.changes.filter((c) => c.type !== 'deleted').map((c) => c.id));
    for (const pair of local.pairsOfKind(profile, mailbox, facts.remoteKind)) {
      if (pair.remote_id && !listed.has(pair.remote_id) && !EXPANDED_TYPES.has(pair.remote_type ?? '')) deletedIds.push(pair.remote_id);
    }
  }
  applyRemoteBatch(ctx, {
    folderKey, remoteKind: facts.remoteKind, importsAs: importKind, present, deletedIds,
    commit: () => books.saveFolderState(profile, mailbox, folderKey, facts.remoteKind, round.nextState, window),
  });
  return { needsExpansion };
}

/** EX-14: occurrences and exceptions of recurring series inside the expansion window, reconciled as a set. */
async function expandRecurring(ctx: MailboxSyncContext, force: boolean): Promise<void> {
  const { local, books, options, mailbox } = ctx;
  const profile = options.profile;
  const window = expansionWindow(ctx.now(), options.windows);
  const key = 'calendar:expansion';
  const stored = books.folderState(profile, mailbox, key);
  if (!force && !windowChanged(stored.window, window)) return;
  if (options.import.appointments === 'none') {
    local.transaction(() => books.saveFolderState(profile, mailbox, key, 'appointment', null, window));
    return;
  }
  const seen = new Map<string, RemoteItem>();
  for (const slice of sliceWindow(window)) {
    const items = await call(ctx, (c) => c.calendarView(ctx.mailbox, slice));
    for (const item of items) {
      if (item.appointmentType && EXPANDED_TYPES.has(item.appointmentType) && overlapsWindow(item.data, window)) seen.set(item.id, item);
    }
  }
  const gone = local.pairsOfKind(profile, mailbox, 'appointment')
    .filter((p) => p.remote_id && EXPANDED_TYPES.has(p.remote_type ?? '') && !seen.has(p.remote_id))
    .filter((p) => {
      const item = local.getItem(p.local_id);
      return !item || overlapsWindow(item.data as { start: string; end: string }, window);
    })
    .map((p) => p.remote_id as string);
  applyRemoteBatch(ctx, {
    folderKey: key, remoteKind: 'appointment', importsAs: 'appointment', present: [...seen.values()], deletedIds: gone,
    commit: () => books.saveFolderState(profile, mailbox, key, 'appointment', null, window),
  });
}

async function exportPhase(ctx: MailboxSyncContext, facts: TrackedFolderFacts): Promise<void> {
  const { local, options, mailbox } = ctx;
  const profile = options.profile;
  const kinds = localKindsIn(facts.folder);
  const remoteKind: ItemKind = facts.remoteKind;
  for (const item of local.itemsOf(profile, mailbox, kinds)) {
    const pairRow = local.pairByLocal(profile, mailbox, item.localId);
    const mayCreate = item.origin === 'local' && options.export[LOCAL_KIND_FACTS[item.kind].exportOption];
    const decision = decideLocalChange({
      local: { localId: item.localId, hash: item.hash, updatedAt: item.updatedAt, deleted: item.deletedAt !== null },
      pair: pairRow ? { localId: pairRow.local_id, remoteId: pairRow.remote_id, changeKey: pairRow.change_key, syncedHash: pairRow.synced_hash, createStartedAt: pairRow.create_started_at } : undefined,
      mayCreate,
    });
    const data = item.data as never;
    const save = (remote: RemoteItem, synced: Record<string, unknown>) =>
      local.transaction(() => local.savePair({ profile, mailbox, localId: item.localId, remoteKind, remoteId: remote.id, remoteType: remote.appointmentType, changeKey: remote.changeKey, data: synced }));
    const create = async () => {
      local.transaction(() => local.markCreateStarted(profile, mailbox, item.localId, remoteKind));
      const created = await call(ctx, (c) => c.createItem(ctx.mailbox, remoteKind, data, item.localId));
      save(created, item.data);
      ctx.counts.created += 1;
    };
    switch (decision.action) {
      case 'none': break;
      case 'create': await create(); break;
      case 'find-or-create': {
        const found = await call(ctx, (c) => c.findByLocalId(ctx.mailbox, remoteKind, item.localId));
        if (!found) { await create(); break; }
        // The earlier create did arrive: adopt it, then bring it up to date if the item changed since.
        const foundData = found.data as unknown as Record<string, unknown>;
        const picked = Object.fromEntries(Object.entries(foundData).filter(([k]) => k in item.data));
        if (contentHash(picked) === item.hash) { save(found, item.data); break; }
        const updated = await call(ctx, (c) => c.updateItem(ctx.mailbox, remoteKind, found.id, changedFields(picked, item.data) as never, { ...(found.changeKey ? { changeKey: found.changeKey } : {}), conflict: 'overwrite' }));
        save(updated, item.data);
        ctx.counts.updated += 1;
        break;
      }
      case 'update-remote': {
        const base = pairRow?.synced_data ? (JSON.parse(pairRow.synced_data) as Record<string, unknown>) : undefined;
        const patch = changedFields(base, item.data);
        const updated = await call(ctx, (c) => c.updateItem(ctx.mailbox, remoteKind, decision.remoteId, patch as never, { ...(pairRow?.change_key ? { changeKey: pairRow.change_key } : {}), conflict: 'overwrite' }));
        save(updated, item.data);
        ctx.counts.updated += 1;
        break;
      }
      case 'delete-remote':
      case 'find-and-delete': {
        const remoteId = decision.action === 'delete-remote' ? decision.remoteId : (await call(ctx, (c) => c.findByLocalId(ctx.mailbox, remoteKind, item.localId)))?.id;
        if (remoteId) await call(ctx, (c) => c.deleteItem(ctx.mailbox, remoteKind, remoteId));
        local.transaction(() => {
          local.deletePair(profile, mailbox, item.localId);
          local.markTombstonePropagated(profile, mailbox, item.localId);
        });
        ctx.counts.deleted += 1;
        break;
      }
      case 'forget':
        local.transaction(() => local.deletePair(profile, mailbox, item.localId));
        break;
    }
  }
}

export async function syncItemFolder(ctx: MailboxSyncContext, facts: TrackedFolderFacts): Promise<void> {
  const { needsExpansion } = await importPhase(ctx, facts);
  if (facts.folder === 'calendar') await expandRecurring(ctx, needsExpansion);
  await exportPhase(ctx, facts);
}

/** Whether a folder takes part at all for this profile (nothing to import and nothing to export = skip its round trips). */
export function folderInUse(ctx: MailboxSyncContext, facts: TrackedFolderFacts): boolean {
  const e = ctx.options.export;
  if (facts.folder === 'calendar') return ctx.options.import.appointments !== 'none' || e.appointments || e.serviceCalls;
  if (facts.folder === 'contacts') return e.accountManagerContacts;
  return e.todos;
}
