/**
 * Applies what Exchange reported for one folder to the local side: decides every present
 * and every deleted item (sync-decisions.ts), checks the mass-delete guard, then writes
 * items, pairs, tombstones, the conflict audit and — last, in the same transaction — the
 * folder's next state. Synchronous from decision to commit, so no application write can
 * slip in between reading a row and replacing it. Remote writes the decisions call for
 * (push the local version, delete remotely, re-create) are left to the export phase,
 * which sees them as ordinary local changes.
 */
import type { ItemKind, RemoteItem } from '../connectors/connector.js';
import { OperatorError } from '../../src/errors/operator-error.js';
import type { LocalKind } from '../../src/protocol/schemas/item-schemas.js';
import { contentHash } from './content-hash.js';
import { importRefusal, projectImported } from './import-options.js';
import type { PairDbRow, StoredItem } from './local-store.js';
import { checkMassDelete } from './mass-delete-guard.js';
import { decideRemoteChange, decideRemoteDelete, type ConflictNote, type LocalSide, type PairRow } from './sync-decisions.js';
import type { MailboxSyncContext } from './sync-context.js';

export interface RemoteBatch {
  folderKey: string;
  remoteKind: ItemKind;
  /** What a new remote item becomes locally; null = new remote items are not imported. */
  importsAs: LocalKind | null;
  present: RemoteItem[];
  deletedIds: string[];
  /** Runs inside the transaction, after the writes (saves the folder state). */
  commit: () => void;
}

interface Planned {
  kind: 'write';
  run: () => void;
  deletesLocal: boolean;
}

function pairRow(p: PairDbRow | undefined): PairRow | undefined {
  return p ? { localId: p.local_id, remoteId: p.remote_id, changeKey: p.change_key, syncedHash: p.synced_hash, createStartedAt: p.create_started_at } : undefined;
}

function localSide(item: StoredItem | undefined): LocalSide | undefined {
  return item ? { localId: item.localId, hash: item.hash, updatedAt: item.updatedAt, deleted: item.deletedAt !== null } : undefined;
}

/** The remote content as the local side keeps it: for the application's own items only the fields it uses. */
export function remoteView(ctx: MailboxSyncContext, remote: RemoteItem, local: StoredItem | undefined, pair: PairDbRow | undefined): Record<string, unknown> {
  const data = remote.data as unknown as Record<string, unknown>;
  if (local?.origin !== 'local') return projectImported(remote.kind, data, ctx.options.import);
  const keys = new Set([...Object.keys(local.data), ...Object.keys(pair?.synced_data ? (JSON.parse(pair.synced_data) as object) : {})]);
  return Object.fromEntries(Object.entries(data).filter(([k]) => keys.has(k)));
}

export function applyRemoteBatch(ctx: MailboxSyncContext, batch: RemoteBatch): void {
  const { local, books, options, mailbox } = ctx;
  const profile = options.profile;
  const policy = options.conflictPolicy;
  const plans: Planned[] = [];
  const audit = (note: ConflictNote | undefined, item: StoredItem | undefined, remoteId: string | null, remoteData: unknown, remoteModified?: string): void => {
    if (!note || !item) return;
    ctx.counts.conflicts += 1;
    books.recordConflict({
      runId: ctx.runId, profile, mailbox, localId: item.localId, remoteId, kind: item.kind, policy: note.policy, winner: note.winner,
      reason: note.reason, localData: item.deletedAt ? null : item.data, remoteData, localModified: item.updatedAt, remoteModified,
    });
  };

  for (const remote of batch.present) {
    let pair = local.pairByRemote(profile, mailbox, remote.id);
    let item = pair ? local.getItem(pair.local_id) : undefined;
    if (!pair && remote.localId) {
      const owned = local.getItem(remote.localId);
      if (owned && owned.profile === profile && owned.mailbox.toLowerCase() === mailbox.toLowerCase()) {
        const existing = local.pairByLocal(profile, mailbox, owned.localId);
        // Already linked to another Exchange item: this one is a duplicate; never import it as a new item.
        if (existing?.remote_id && existing.remote_id !== remote.id) continue;
        item = owned;
        pair = existing;
      }
    }
    const view = remoteView(ctx, remote, item, pair);
    if ((!item || item.origin === 'remote') && importRefusal(remote, options.import)) {
      if (item && pair && !item.deletedAt) {
        const doomed = item;
        plans.push({ kind: 'write', deletesLocal: true, run: () => { local.markDeleted(doomed.localId); local.deletePair(profile, mailbox, doomed.localId); ctx.counts.deleted += 1; } });
      }
      continue;
    }
    const decision = decideRemoteChange({
      remote: { id: remote.id, hash: contentHash(view), ...(remote.changeKey ? { changeKey: remote.changeKey } : {}), ...(remote.lastModified ? { lastModified: remote.lastModified } : {}), ...(remote.localId ? { localIdProperty: remote.localId } : {}) },
      pair: pair?.remote_id ? pairRow(pair) : undefined,
      local: localSide(item),
      policy,
    });
    const save = (localId: string, data: Record<string, unknown>) => local.savePair({ profile, mailbox, localId, remoteKind: batch.remoteKind, remoteId: remote.id, remoteType: remote.appointmentType, changeKey: remote.changeKey, data });
    switch (decision.action) {
      case 'import': {
        if (!batch.importsAs) break;
        const kind = batch.importsAs;
        plans.push({ kind: 'write', deletesLocal: false, run: () => {
          const written = local.writeItem({ profile, mailbox, kind, origin: 'remote', data: view, ...(remote.lastModified ? { updatedAt: remote.lastModified } : {}) });
          save(written.localId, view);
          ctx.counts.imported += 1;
        } });
        break;
      }
      case 'link':
        plans.push({ kind: 'write', deletesLocal: false, run: () => (pair?.remote_id === remote.id ? local.touchPair(profile, mailbox, decision.localId, remote.changeKey) : save(decision.localId, view)) });
        break;
      case 'update-local':
      case 'restore-local': {
        const target = item as StoredItem;
        plans.push({ kind: 'write', deletesLocal: false, run: () => {
          audit(decision.conflict, target, remote.id, view, remote.lastModified);
          local.writeItem({ profile, mailbox, kind: target.kind, origin: target.origin, data: view, localId: target.localId });
          save(target.localId, view);
          ctx.counts.imported += 1;
        } });
        break;
      }
      case 'update-remote':
      case 'delete-remote': {
        const target = item as StoredItem;
        plans.push({ kind: 'write', deletesLocal: false, run: () => {
          audit(decision.conflict, target, remote.id, view, remote.lastModified);
          // Keep the last synced content as the baseline (or adopt the remote one), so the export phase sees the local change and pushes it.
          if (pair?.remote_id === remote.id) local.touchPair(profile, mailbox, target.localId, remote.changeKey);
          else save(target.localId, view);
        } });
        break;
      }
    }
  }

  for (const remoteId of batch.deletedIds) {
    const pair = local.pairByRemote(profile, mailbox, remoteId);
    const item = pair ? local.getItem(pair.local_id) : undefined;
    const decision = decideRemoteDelete({ pair: pairRow(pair), local: localSide(item), policy });
    switch (decision.action) {
      case 'ignore': break;
      case 'forget':
        plans.push({ kind: 'write', deletesLocal: false, run: () => local.deletePair(profile, mailbox, decision.localId) });
        break;
      case 'delete-local': {
        const target = item as StoredItem;
        plans.push({ kind: 'write', deletesLocal: true, run: () => {
          audit(decision.conflict, target, remoteId, null);
          local.markDeleted(target.localId);
          local.addTombstone({ profile, mailbox, localId: target.localId, kind: target.kind, remoteId, origin: 'remote', propagated: true });
          local.deletePair(profile, mailbox, target.localId);
          ctx.counts.deleted += 1;
        } });
        break;
      }
      case 'recreate-remote': {
        const target = item as StoredItem;
        plans.push({ kind: 'write', deletesLocal: false, run: () => {
          audit(decision.conflict, target, remoteId, null);
          local.unlinkPair(profile, mailbox, target.localId);
        } });
        break;
      }
    }
  }

  const deletes = plans.filter((p) => p.deletesLocal).length;
  const synced = local.countLinkedPairs(profile, mailbox, batch.remoteKind);
  const verdict = checkMassDelete(deletes, synced, options.massDelete, ctx.allowMassDelete);
  if (!verdict.allowed) throw massDeleteError(profile, mailbox, batch.folderKey, verdict.deletes, verdict.synced, options.massDelete.maxShare);

  local.transaction(() => {
    for (const plan of plans) plan.run();
    batch.commit();
  });
}

export function massDeleteError(profile: string, mailbox: string, folder: string, deletes: number, synced: number, maxShare: number): OperatorError {
  return new OperatorError({
    code: 'MB_SYNC_MASS_DELETE', family: 'sync-state',
    message: `sync of ${mailbox} (${folder}) stopped: it would delete ${deletes} of ${synced} synced items, more than ${Math.round(maxShare * 100)} %`,
    cause: 'So many deletes at once usually mean a wrong mailbox, an emptied source or a resync against the wrong server, not real deletes. Nothing was deleted and the folder\'s sync state was kept.',
    fix: [
      'Check that the profile points at the right server and mailbox (mailbridge profile show PROFILE).',
      `If the deletes are intended, run once with confirmation: mailbridge sync ${profile} --once --allow-mass-delete`,
    ],
    details: { profile, mailbox, folder, deletes, synced, maxShare },
  });
}
