/**
 * Two-way sync of one item folder (calendar, contacts, tasks) of one mailbox:
 * 1. import: one change round from the stored state (restarted from scratch on --full,
 *    on a refused state, and on Graph when the frozen calendar window has rolled), applied
 *    and committed page by page with the page's state, so memory stays bounded by a page
 *    and a round cut off resumes where it stopped (round-ledger.ts keeps what the rest of
 *    the round needs). Items reported created/updated are taken from the page when it
 *    carries them (Graph delta) or read in batches (getItems), unless the change key is the
 *    one we last saw (echo of our own write). Deletes — reported ones and, in a full round,
 *    synced items the listing never named — are held until the round's last page, where
 *    the mass-delete guard weighs all of them at once;
 * 2. recurring series are expanded into occurrences inside the EX-14 window with one
 *    CalendarView (the connector splits or pages it), reconciled as a set;
 * 3. export: local creates, updates and deletes go to Exchange, each recorded right after
 *    its answer; a create is noted durably before it is sent, so a lost answer leads to a
 *    lookup by the local-id property, never a second create.
 */
import { ITEMS_PER_READ, type ItemKind, type RemoteItem, type TimeWindow } from '../connectors/connector.js';
import type { LocalKind } from '../../src/protocol/schemas/item-schemas.js';
import { streamChangeRound, type RoundPage } from './change-round.js';
import { changedFields, contentHash } from './content-hash.js';
import { LOCAL_KIND_FACTS, localKindsIn, type TrackedFolderFacts } from './item-kinds.js';
import { applyRemoteBatch } from './remote-apply.js';
import { RoundLedger, type RoundKey } from './round-ledger.js';
import { decideLocalChange } from './sync-decisions.js';
import { call, type MailboxSyncContext, type SyncOptions } from './sync-context.js';
import { expansionWindow, overlapsWindow, trackingWindow, windowChanged } from './sync-windows.js';

const SERIES_TYPES = new Set(['seriesMaster', 'occurrence', 'exception']);
const EXPANDED_TYPE_LIST = ['occurrence', 'exception'] as const;
const EXPANDED_TYPES = new Set<string>(EXPANDED_TYPE_LIST);

function importsAs(ctx: MailboxSyncContext, facts: TrackedFolderFacts): LocalKind | null {
  if (facts.folder === 'calendar') return ctx.options.import.appointments === 'none' ? null : 'appointment';
  if (facts.folder === 'tasks') return ctx.options.export.todos ? 'todo' : null;
  // Contacts go one way (EX-12): the application's contacts to Exchange.
  return null;
}

/** What the import of one folder knows before its first page, the same for every page. */
interface FolderScope {
  facts: TrackedFolderFacts;
  isCalendar: boolean;
  /** New Exchange items may concern us: they are imported, or some local item of this folder could be one of ours. */
  mayConcernUs: boolean;
  /** An unlinked Exchange item can only be one of ours (a create whose answer was lost) while some local item of this folder has no remote id. */
  localIdMatters: boolean;
  /** EX-14: past entries only as far back as the window (ms). */
  pastLimit: number;
}

interface PageItems {
  present: RemoteItem[];
  deletedIds: string[];
  needsExpansion: boolean;
}

/** One page's changes as items to apply: carried by the page or read in batches, echoes of our own writes skipped. */
async function readPageItems(ctx: MailboxSyncContext, scope: FolderScope, page: RoundPage): Promise<PageItems> {
  const { local, options, mailbox } = ctx;
  const profile = options.profile;
  const out: PageItems = { present: [], deletedIds: [], needsExpansion: false };
  const toRead: Array<{ id: string; paired: boolean }> = [];
  const carried = new Map<number, RemoteItem>();
  for (const change of page.changes) {
    const pair = local.pairByRemote(profile, mailbox, change.id);
    if (change.type === 'deleted') {
      if (!pair || EXPANDED_TYPES.has(pair.remote_type ?? '')) out.needsExpansion = true;
      out.deletedIds.push(change.id);
      continue;
    }
    // Occurrences are the expansion's (EX-14): a report about one only says the series needs it.
    if (pair && EXPANDED_TYPES.has(pair.remote_type ?? '')) { out.needsExpansion = true; continue; }
    if (!pair && !scope.mayConcernUs) continue;
    // Our own write coming back (or nothing new): the change key is the one we stored.
    if (!page.full && pair && change.changeKey && pair.change_key === change.changeKey) continue;
    // The page carried the item (Graph delta): use it unless only a read can tell whether it is ours (its local-id property).
    if (change.item && (pair !== undefined || !scope.localIdMatters)) carried.set(toRead.length, change.item);
    toRead.push({ id: change.id, paired: pair !== undefined });
  }
  // Batched reads (one EWS GetItem of 40, or one Graph $batch of 20 per call), one call at a time per mailbox; results keep the page's order.
  const perRead = ITEMS_PER_READ[ctx.connector.protocol];
  const read: Array<RemoteItem | null> = toRead.map((_, i) => carried.get(i) ?? null);
  const missing = toRead.map((_, i) => i).filter((i) => !carried.has(i));
  for (let at = 0; at < missing.length; at += perRead) {
    const slots = missing.slice(at, at + perRead);
    const items = await call(ctx, (c) => c.getItems(ctx.mailbox, scope.facts.remoteKind, slots.map((i) => (toRead[i] as { id: string }).id)));
    slots.forEach((slot, k) => { read[slot] = items[k] ?? null; });
  }
  const decided = new Set<string>();
  toRead.forEach(({ id, paired }, i) => {
    const item = read[i];
    if (!item) {
      // Gone since it was listed; in a full listing, absence (not a failed read) is what means deleted.
      if (page.full) out.needsExpansion = true;
      else out.deletedIds.push(id);
      return;
    }
    // Two reports may name one item (delta replays, id forms): decide it once.
    if (decided.has(item.id)) return;
    decided.add(item.id);
    if (scope.isCalendar && item.appointmentType && SERIES_TYPES.has(item.appointmentType)) { out.needsExpansion = true; return; }
    if (scope.isCalendar && !paired && !item.localId && Date.parse((item.data as { end: string }).end) < scope.pastLimit) return;
    out.present.push(item);
  });
  return out;
}

async function importPhase(ctx: MailboxSyncContext, facts: TrackedFolderFacts): Promise<{ needsExpansion: boolean }> {
  const { local, books, options, mailbox } = ctx;
  const profile = options.profile;
  const folderKey = facts.folder;
  const key: RoundKey = { profile, mailbox, folderKey };
  const rounds = new RoundLedger(books.db);
  const stored = books.folderState(profile, mailbox, folderKey);
  const isCalendar = facts.folder === 'calendar';
  const window: TimeWindow | null = isCalendar ? trackingWindow(ctx.now(), options.windows) : null;
  const restart = ctx.full || (isCalendar && ctx.connector.protocol === 'graph' && windowChanged(stored.window, window as TimeWindow));
  const startState = restart ? null : stored.state;
  // A round an earlier run left between two pages goes on from its mid-round state, still full if it began so.
  const resumed = startState === null ? null : rounds.current(key);
  const importKind = importsAs(ctx, facts);
  const localCount = local.countItems(profile, mailbox, localKindsIn(facts.folder));
  const scope: FolderScope = {
    facts, isCalendar,
    mayConcernUs: importKind !== null || localCount > 0,
    localIdMatters: localCount > local.countLinkedPairs(profile, mailbox, facts.remoteKind),
    pastLimit: Date.parse((window ?? trackingWindow(ctx.now(), options.windows)).start),
  };
  let needsExpansion = resumed?.expand ?? false;
  let begun = resumed !== null;
  const pages = streamChangeRound(ctx, { wellKnown: facts.folder }, startState, {
    kind: facts.remoteKind, pageSize: options.pageSize, ...(window ? { window } : {}),
  }, resumed?.full ?? startState === null);
  for await (const page of pages) {
    if (!begun || page.restarted) { local.transaction(() => rounds.begin(key, page.full)); begun = true; }
    const items = await readPageItems(ctx, scope, page);
    needsExpansion ||= page.full || items.needsExpansion;
    const listed = page.full ? page.changes.filter((c) => c.type !== 'deleted').map((c) => c.id) : [];
    const batch = { folderKey, remoteKind: facts.remoteKind, importsAs: importKind, present: items.present };
    if (!page.last) {
      // Mid-round: this page's items and state together; its deletes wait for the round's end.
      applyRemoteBatch(ctx, { ...batch, deletedIds: [], commit: () => {
        rounds.holdDeletes(key, items.deletedIds);
        rounds.markSeen(key, listed);
        if (needsExpansion) rounds.noteExpansion(key);
        books.saveFolderState(profile, mailbox, folderKey, facts.remoteKind, page.nextState, window);
      } });
      continue;
    }
    // The round's end: every delete of the round at once, so the mass-delete guard sees them all.
    const listedNow = new Set(listed);
    const absent = page.full ? rounds.unseenPairs(key, facts.remoteKind, EXPANDED_TYPE_LIST).filter((id) => !listedNow.has(id)) : [];
    const deletedIds = [...new Set([...rounds.heldDeletes(key), ...items.deletedIds, ...absent])];
    applyRemoteBatch(ctx, { ...batch, deletedIds, commit: () => {
      rounds.forget(key);
      books.saveFolderState(profile, mailbox, folderKey, facts.remoteKind, page.nextState, window);
    } });
  }
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
  // One CalendarView for the window: the connector splits it where the server cannot page (EWS, ~1000 entries) or pages it (Graph).
  for (const item of await call(ctx, (c) => c.calendarView(ctx.mailbox, window))) {
    if (item.appointmentType && EXPANDED_TYPES.has(item.appointmentType) && overlapsWindow(item.data, window)) seen.set(item.id, item);
  }
  const gone = local.occurrencePairs(profile, mailbox, EXPANDED_TYPE_LIST)
    .filter((p) => !seen.has(p.remoteId))
    .filter((p) => {
      const item = local.getItem(p.localId);
      return !item || overlapsWindow(item.data as { start: string; end: string }, window);
    })
    .map((p) => p.remoteId);
  applyRemoteBatch(ctx, {
    folderKey: key, remoteKind: 'appointment', importsAs: 'appointment', present: [...seen.values()], deletedIds: gone,
    commit: () => books.saveFolderState(profile, mailbox, key, 'appointment', null, window),
  });
}

/** Returns how many items it created in Exchange. */
async function exportPhase(ctx: MailboxSyncContext, facts: TrackedFolderFacts): Promise<number> {
  const { local, options, mailbox } = ctx;
  const createdBefore = ctx.counts.created;
  const profile = options.profile;
  const kinds = localKindsIn(facts.folder);
  const remoteKind: ItemKind = facts.remoteKind;
  for (const localId of local.exportCandidates(profile, mailbox, kinds)) {
    const item = local.getItem(localId);
    if (!item) continue;
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
  return ctx.counts.created - createdBefore;
}

export async function syncItemFolder(ctx: MailboxSyncContext, facts: TrackedFolderFacts): Promise<void> {
  const { needsExpansion } = await importPhase(ctx, facts);
  if (facts.folder === 'calendar') await expandRecurring(ctx, needsExpansion);
  const created = await exportPhase(ctx, facts);
  // The folder's state was taken before our creates, and Exchange never reports the delete of
  // an item a state has not seen (EWS ICS, Graph delta): one more round lets the state see
  // them, so an item of ours deleted in Exchange before the next run is still reported gone.
  // Their echoes carry the change key we stored, so the round reads nothing.
  if (created > 0) await importPhase(ctx, facts);
}

/** Whether a folder takes part at all for this profile (nothing to import and nothing to export = skip its round trips). */
export function folderInUse(options: SyncOptions, facts: TrackedFolderFacts): boolean {
  const e = options.export;
  if (facts.folder === 'calendar') return options.import.appointments !== 'none' || e.appointments || e.serviceCalls;
  if (facts.folder === 'contacts') return e.accountManagerContacts;
  return e.todos;
}
