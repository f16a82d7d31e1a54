/**
 * Reads a folder's change round page by page: from the stored state until the connector
 * says no more are available. Nothing is stored here — the caller applies each page and
 * saves its state in the same transaction, so a folder of any size syncs in bounded memory
 * and a round cut off between pages resumes where it stopped. When the server no longer
 * accepts the state (ResyncRequiredError, on any page) the round restarts from an empty
 * state, and the caller reconciles the full listing by id instead of applying it as news.
 *
 * A page fetched ahead for this exact state (the idle poll, idle-poll.ts) is used instead
 * of asking again.
 */
import type { ChangeType, FolderRef, ItemChange, TrackChangesOptions } from '../connectors/connector.js';
import { isResyncRequired } from '../connectors/connector-errors.js';
import { call, type MailboxSyncContext } from './sync-context.js';

export interface RoundPage {
  /** This page's changes, collapsed per item id. */
  changes: ItemChange[];
  /** The state after this page: mid-round unless `last`, then the start of the next round. */
  nextState: string;
  last: boolean;
  /** The round lists everything (it started from no state): absence means deleted. */
  full: boolean;
  /** The stored state was refused and the round started again from nothing with this page. */
  restarted: boolean;
}

/** Collapses repeated reports of one item (delta replays them): the last type wins, a delete beats all. */
export function collapseChanges(changes: readonly ItemChange[]): ItemChange[] {
  const byId = new Map<string, ItemChange>();
  for (const change of changes) {
    if (change.type === 'readFlag') continue;
    const before = byId.get(change.id);
    const type: ChangeType = change.type === 'deleted' || before?.type !== 'deleted' ? change.type : 'deleted';
    byId.set(change.id, { ...before, ...change, type });
  }
  return [...byId.values()];
}

/**
 * The round's pages, one at a time. `full` says whether the round started from no state
 * (a resumed full round passes `fullRound: true` with its mid-round state).
 */
export async function* streamChangeRound(
  ctx: MailboxSyncContext, folder: FolderRef, state: string | null, options: TrackChangesOptions, fullRound = state === null,
): AsyncGenerator<RoundPage> {
  let cursor = state;
  let full = fullRound || state === null;
  let restarted = false;
  for (;;) {
    let page;
    try {
      const ahead = cursor === null ? undefined : ctx.prefetched?.take(cursor);
      page = ahead ?? await call(ctx, (c) => c.trackChanges(ctx.mailbox, folder, cursor, options));
    } catch (error) {
      if (!isResyncRequired(error) || cursor === null || restarted) throw error;
      cursor = null;
      full = true;
      restarted = true;
      continue;
    }
    yield { changes: collapseChanges(page.changes), nextState: page.nextState, last: !page.moreAvailable, full, restarted: restarted && cursor === null };
    if (!page.moreAvailable) return;
    cursor = page.nextState;
  }
}
