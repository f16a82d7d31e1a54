/**
 * Reads one complete change round of a folder: pages from the stored state until the
 * connector says no more are available. Nothing is stored here — the caller applies the
 * round and saves `nextState` in the same transaction. When the server no longer accepts
 * the state (ResyncRequiredError) the round restarts from an empty state, and the caller
 * reconciles the full listing by id instead of applying it as news.
 */
import type { ChangeType, ItemChange, TrackChangesOptions } from '../connectors/connector.js';
import { isResyncRequired } from '../connectors/connector-errors.js';
import { call, type MailboxSyncContext } from './sync-context.js';
import type { FolderRef } from '../connectors/connector.js';

export interface ChangeRound {
  /** Last change per item id, in first-seen order. */
  changes: ItemChange[];
  nextState: string;
  /** True when the round started from no state: it lists everything, so absence means deleted. */
  full: boolean;
  /** True when the stored state was refused and the round restarted. */
  resynced: boolean;
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

export async function readChangeRound(ctx: MailboxSyncContext, folder: FolderRef, state: string | null, options: TrackChangesOptions): Promise<ChangeRound> {
  const attempt = async (from: string | null): Promise<{ changes: ItemChange[]; nextState: string }> => {
    const all: ItemChange[] = [];
    let cursor = from;
    for (;;) {
      const page = await call(ctx, (c) => c.trackChanges(ctx.mailbox, folder, cursor, options));
      all.push(...page.changes);
      cursor = page.nextState;
      if (!page.moreAvailable) return { changes: all, nextState: page.nextState };
    }
  };
  try {
    const round = await attempt(state);
    return { changes: collapseChanges(round.changes), nextState: round.nextState, full: state === null, resynced: false };
  } catch (error) {
    if (!isResyncRequired(error) || state === null) throw error;
    const round = await attempt(null);
    return { changes: collapseChanges(round.changes), nextState: round.nextState, full: true, resynced: true };
  }
}
