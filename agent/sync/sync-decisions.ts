/**
 * The engine's decisions, as pure functions of what each side holds: what to do with a
 * remote change (import, update the local item, push the local version back, adopt an
 * item found by its local-id property, record a conflict) and with a local change
 * (create, find-or-create after a lost answer, update, delete). No I/O: the engine reads
 * the rows, asks here, and carries out the answer in one transaction.
 *
 * "Changed" means the content hash differs from the hash stored when the pair was last
 * synced; a new change key alone is not a change.
 */
import { resolveConflict, type ConflictPolicy, type ConflictShape, type ConflictVerdict } from './conflict-policy.js';

export interface PairRow {
  localId: string;
  remoteId: string | null;
  changeKey: string | null;
  syncedHash: string | null;
  /** Set when a create was sent; with remoteId null the answer may have been lost. */
  createStartedAt: string | null;
}

export interface LocalSide {
  localId: string;
  hash: string;
  updatedAt: string;
  deleted: boolean;
}

export interface RemoteSide {
  id: string;
  changeKey?: string;
  /** Hash of the remote content as it would be stored locally. */
  hash: string;
  lastModified?: string;
  /** The local id from the mailbridge extended property, when present. */
  localIdProperty?: string;
}

export interface ConflictNote extends ConflictVerdict {
  shape: ConflictShape;
  policy: ConflictPolicy;
}

export type RemoteChangeDecision =
  | { action: 'import' }
  | { action: 'link'; localId: string }
  | { action: 'update-local'; localId: string; conflict?: ConflictNote }
  | { action: 'update-remote'; localId: string; conflict?: ConflictNote }
  | { action: 'restore-local'; localId: string; conflict: ConflictNote }
  | { action: 'delete-remote'; localId: string; conflict?: ConflictNote };

function conflict(policy: ConflictPolicy, shape: ConflictShape, local: LocalSide, remote: RemoteSide | undefined): ConflictNote {
  const verdict = resolveConflict(policy, {
    shape,
    localModified: local.updatedAt,
    ...(remote?.lastModified ? { remoteModified: remote.lastModified } : {}),
  });
  return { ...verdict, shape, policy };
}

/** A remote item was created or changed (or is present in a full round). */
export function decideRemoteChange(input: { remote: RemoteSide; pair?: PairRow; local?: LocalSide; policy: ConflictPolicy }): RemoteChangeDecision {
  const { remote, local, policy } = input;
  let pair = input.pair;
  if (!pair) {
    // Not linked yet: ours if it carries the local id of an item we hold (a create whose answer was lost, or a resync).
    if (!local || remote.localIdProperty !== local.localId) return { action: 'import' };
    if (local.deleted) return { action: 'delete-remote', localId: local.localId };
    if (local.hash === remote.hash) return { action: 'link', localId: local.localId };
    pair = { localId: local.localId, remoteId: remote.id, changeKey: null, syncedHash: null, createStartedAt: null };
  }
  if (!local) return { action: 'import' };
  const remoteChanged = remote.hash !== pair.syncedHash;
  const localChanged = local.deleted || local.hash !== pair.syncedHash;
  if (!remoteChanged) return { action: 'link', localId: local.localId };
  if (!localChanged) return { action: 'update-local', localId: local.localId };
  if (!local.deleted && local.hash === remote.hash) return { action: 'link', localId: local.localId };
  if (local.deleted) {
    const note = conflict(policy, 'local-deleted-remote-changed', local, remote);
    return note.winner === 'exchange' ? { action: 'restore-local', localId: local.localId, conflict: note } : { action: 'delete-remote', localId: local.localId, conflict: note };
  }
  const note = conflict(policy, 'both-changed', local, remote);
  return note.winner === 'exchange' ? { action: 'update-local', localId: local.localId, conflict: note } : { action: 'update-remote', localId: local.localId, conflict: note };
}

export type RemoteDeleteDecision =
  | { action: 'ignore' }
  | { action: 'forget'; localId: string }
  | { action: 'delete-local'; localId: string; conflict?: ConflictNote }
  | { action: 'recreate-remote'; localId: string; conflict: ConflictNote };

/** A remote item is gone (deleted in Exchange, or missing from a full round). */
export function decideRemoteDelete(input: { pair?: PairRow; local?: LocalSide; policy: ConflictPolicy }): RemoteDeleteDecision {
  const { pair, local, policy } = input;
  if (!pair) return { action: 'ignore' };
  if (!local || local.deleted) return { action: 'forget', localId: pair.localId };
  if (local.hash === pair.syncedHash) return { action: 'delete-local', localId: local.localId };
  const note = conflict(policy, 'remote-deleted-local-changed', local, undefined);
  return note.winner === 'exchange' ? { action: 'delete-local', localId: local.localId, conflict: note } : { action: 'recreate-remote', localId: local.localId, conflict: note };
}

export type LocalChangeDecision =
  | { action: 'none' }
  | { action: 'create' }
  | { action: 'find-or-create' }
  | { action: 'update-remote'; remoteId: string }
  | { action: 'delete-remote'; remoteId: string }
  | { action: 'find-and-delete' }
  | { action: 'forget' };

/** What the export phase does for one local item (after the import phase has settled conflicts). */
export function decideLocalChange(input: { local: LocalSide; pair?: PairRow; mayCreate: boolean }): LocalChangeDecision {
  const { local, pair, mayCreate } = input;
  if (local.deleted) {
    if (pair?.remoteId) return { action: 'delete-remote', remoteId: pair.remoteId };
    if (pair?.createStartedAt) return { action: 'find-and-delete' };
    return pair ? { action: 'forget' } : { action: 'none' };
  }
  if (!pair?.remoteId) {
    if (pair?.createStartedAt) return { action: 'find-or-create' };
    // A pair without a remote id and no create under way: the policy chose to re-create a remotely deleted item.
    return mayCreate || pair ? { action: 'create' } : { action: 'none' };
  }
  return local.hash !== pair.syncedHash ? { action: 'update-remote', remoteId: pair.remoteId } : { action: 'none' };
}
