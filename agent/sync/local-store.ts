/**
 * The SQL side of the application's items and of the item ↔ Exchange pairs: prepared
 * statements over the tables of sync-schema.ts, nothing else. Decisions live in
 * sync-decisions.ts; this module only reads and writes rows. Every write that changes an
 * item takes the next change sequence number, which is what `items.changes` pages by.
 */
import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { LocalItem, LocalKind } from '../../src/protocol/schemas/item-schemas.js';
import type { ItemKind } from '../connectors/connector.js';
import { contentHash } from './content-hash.js';
import { pluckedStatement, statement } from '../store/statement-cache.js';

export interface ItemRow {
  local_id: string;
  profile: string;
  mailbox: string;
  kind: LocalKind;
  origin: 'local' | 'remote';
  data: string;
  updated_at: string;
  deleted_at: string | null;
  change_seq: number;
}

export interface PairDbRow {
  profile: string;
  mailbox: string;
  local_id: string;
  remote_kind: ItemKind;
  remote_id: string | null;
  remote_type: string | null;
  change_key: string | null;
  synced_hash: string | null;
  synced_data: string | null;
  synced_at: string | null;
  create_started_at: string | null;
}

export interface StoredItem {
  localId: string;
  profile: string;
  mailbox: string;
  kind: LocalKind;
  origin: 'local' | 'remote';
  data: Record<string, unknown>;
  hash: string;
  updatedAt: string;
  deletedAt: string | null;
  seq: number;
}

export function toStoredItem(row: ItemRow): StoredItem {
  const data = JSON.parse(row.data) as Record<string, unknown>;
  return {
    localId: row.local_id, profile: row.profile, mailbox: row.mailbox, kind: row.kind, origin: row.origin, data,
    hash: contentHash(data), updatedAt: row.updated_at, deletedAt: row.deleted_at, seq: row.change_seq,
  };
}

function nowIso(): string {
  return new Date().toISOString();
}

export class LocalStore {
  constructor(readonly db: BetterSqlite3.Database) {}

  /** Runs `fn` in one IMMEDIATE transaction (all or nothing). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  nextSeq(): number {
    const row = statement(this.db, `INSERT INTO sync_counters (name, value) VALUES ('item_seq', 1)
      ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`).get() as { value: number };
    return row.value;
  }

  getItem(localId: string): StoredItem | undefined {
    const row = statement(this.db, 'SELECT * FROM sync_items WHERE local_id = ?').get(localId) as ItemRow | undefined;
    return row ? toStoredItem(row) : undefined;
  }

  /** Creates or replaces an item's data; returns its id and whether it was new. */
  writeItem(input: { profile: string; mailbox: string; kind: LocalKind; origin: 'local' | 'remote'; data: Record<string, unknown>; localId?: string; updatedAt?: string }): { localId: string; created: boolean; seq: number } {
    const localId = input.localId ?? randomUUID();
    const seq = this.nextSeq();
    const updatedAt = input.updatedAt ?? nowIso();
    const existing = statement(this.db, 'SELECT local_id FROM sync_items WHERE local_id = ?').get(localId);
    if (existing) {
      statement(this.db, 'UPDATE sync_items SET data = ?, kind = ?, mailbox = ?, updated_at = ?, deleted_at = NULL, change_seq = ? WHERE local_id = ?')
        .run(JSON.stringify(input.data), input.kind, input.mailbox, updatedAt, seq, localId);
      return { localId, created: false, seq };
    }
    statement(this.db, 'INSERT INTO sync_items (local_id, profile, mailbox, kind, origin, data, updated_at, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(localId, input.profile, input.mailbox, input.kind, input.origin, JSON.stringify(input.data), updatedAt, seq);
    return { localId, created: true, seq };
  }

  /** Marks an item deleted (the row stays as the tombstone `items.changes` reports). */
  markDeleted(localId: string, at = nowIso()): boolean {
    const seq = this.nextSeq();
    const result = statement(this.db, 'UPDATE sync_items SET deleted_at = ?, updated_at = ?, change_seq = ? WHERE local_id = ? AND deleted_at IS NULL').run(at, at, seq, localId);
    return result.changes > 0;
  }


  /**
   * Local ids (in change order) of the items that may need an export: everything except
   * items whose synced snapshot is exactly their data and deleted items with no pair left.
   * A superset of what decideLocalChange acts on, read as ids so an export pass over a big
   * mailbox never holds every item in memory.
   */
  exportCandidates(profile: string, mailbox: string, kinds: readonly LocalKind[]): string[] {
    const marks = kinds.map(() => '?').join(',');
    return pluckedStatement(this.db, `SELECT i.local_id FROM sync_items i
      LEFT JOIN sync_item_map p ON p.profile = i.profile AND p.mailbox = i.mailbox AND p.local_id = i.local_id
      WHERE i.profile = ? AND i.mailbox = ? AND i.kind IN (${marks})
        AND NOT (i.deleted_at IS NULL AND p.remote_id IS NOT NULL AND p.synced_data IS NOT NULL AND p.synced_data = i.data)
        AND NOT (i.deleted_at IS NOT NULL AND p.local_id IS NULL)
      ORDER BY i.change_seq`).all(profile, mailbox, ...kinds) as string[];
  }

  /**
   * Like exportCandidates, but over the items of every mailbox of the profile, weighed against
   * the pairs filed under one reserved key (`pairMailbox`, e.g. `public:` for EX-12's public
   * folder): a local item has at most one such pair whichever mailbox it belongs to.
   */
  exportCandidatesAcrossMailboxes(profile: string, pairMailbox: string, kinds: readonly LocalKind[]): string[] {
    const marks = kinds.map(() => '?').join(',');
    return pluckedStatement(this.db, `SELECT i.local_id FROM sync_items i
      LEFT JOIN sync_item_map p ON p.profile = i.profile AND p.mailbox = ? AND p.local_id = i.local_id
      WHERE i.profile = ? AND i.kind IN (${marks})
        AND NOT (i.deleted_at IS NULL AND p.remote_id IS NOT NULL AND p.synced_data IS NOT NULL AND p.synced_data = i.data)
        AND NOT (i.deleted_at IS NOT NULL AND p.local_id IS NULL)
      ORDER BY i.change_seq`).all(pairMailbox, profile, ...kinds) as string[];
  }

  /** Pairs under `pairMailbox` whose local item is gone or no longer of these kinds. */
  orphanPairs(profile: string, pairMailbox: string, kinds: readonly LocalKind[]): PairDbRow[] {
    const marks = kinds.map(() => '?').join(',');
    return statement(this.db, `SELECT p.* FROM sync_item_map p LEFT JOIN sync_items i ON i.local_id = p.local_id AND i.profile = p.profile
      WHERE p.profile = ? AND p.mailbox = ? AND (i.local_id IS NULL OR i.kind NOT IN (${marks}))`).all(profile, pairMailbox, ...kinds) as PairDbRow[];
  }

  /** Linked pairs of recurring occurrences and exceptions (the expansion's own), without their snapshots. */
  occurrencePairs(profile: string, mailbox: string, types: readonly string[]): Array<{ localId: string; remoteId: string }> {
    const marks = types.map(() => '?').join(',');
    return (statement(this.db, `SELECT local_id, remote_id FROM sync_item_map WHERE profile = ? AND mailbox = ? AND remote_kind = 'appointment'
      AND remote_id IS NOT NULL AND remote_type IN (${marks})`).all(profile, mailbox, ...types) as Array<{ local_id: string; remote_id: string }>)
      .map((r) => ({ localId: r.local_id, remoteId: r.remote_id }));
  }

  countItems(profile: string, mailbox: string, kinds: readonly LocalKind[]): number {
    const marks = kinds.map(() => '?').join(',');
    return (statement(this.db, `SELECT count(*) AS n FROM sync_items WHERE profile = ? AND mailbox = ? AND kind IN (${marks})`).get(profile, mailbox, ...kinds) as { n: number }).n;
  }

  listItems(filter: { profile: string; kind?: LocalKind; mailbox?: string; includeDeleted: boolean; limit: number; offset: number }): { items: LocalItem[]; total: number } {
    const where = ['i.profile = ?'];
    const args: unknown[] = [filter.profile];
    if (filter.kind) { where.push('i.kind = ?'); args.push(filter.kind); }
    if (filter.mailbox) { where.push('i.mailbox = ? COLLATE NOCASE'); args.push(filter.mailbox); }
    if (!filter.includeDeleted) where.push('i.deleted_at IS NULL');
    const clause = where.join(' AND ');
    const total = (statement(this.db, `SELECT count(*) AS n FROM sync_items i WHERE ${clause}`).get(...args) as { n: number }).n;
    const rows = statement(this.db, `SELECT i.*, m.remote_id FROM sync_items i LEFT JOIN sync_item_map m
      ON m.profile = i.profile AND m.mailbox = i.mailbox AND m.local_id = i.local_id
      WHERE ${clause} ORDER BY i.change_seq LIMIT ? OFFSET ?`).all(...args, filter.limit, filter.offset) as Array<ItemRow & { remote_id: string | null }>;
    return { items: rows.map(toWireItem), total };
  }

  changesSince(profile: string, since: number, limit: number): { changes: LocalItem[]; cursor: number; more: boolean } {
    const rows = statement(this.db, `SELECT i.*, m.remote_id FROM sync_items i LEFT JOIN sync_item_map m
      ON m.profile = i.profile AND m.mailbox = i.mailbox AND m.local_id = i.local_id
      WHERE i.profile = ? AND i.change_seq > ? ORDER BY i.change_seq LIMIT ?`).all(profile, since, limit + 1) as Array<ItemRow & { remote_id: string | null }>;
    const page = rows.slice(0, limit);
    return { changes: page.map(toWireItem), cursor: page.at(-1)?.change_seq ?? since, more: rows.length > limit };
  }

  // ── pairs ────────────────────────────────────────────────────────────────

  pairByLocal(profile: string, mailbox: string, localId: string): PairDbRow | undefined {
    return statement(this.db, 'SELECT * FROM sync_item_map WHERE profile = ? AND mailbox = ? AND local_id = ?').get(profile, mailbox, localId) as PairDbRow | undefined;
  }

  pairByRemote(profile: string, mailbox: string, remoteId: string): PairDbRow | undefined {
    return statement(this.db, 'SELECT * FROM sync_item_map WHERE profile = ? AND mailbox = ? AND remote_id = ?').get(profile, mailbox, remoteId) as PairDbRow | undefined;
  }

  /** Pairs of this kind linked to an Exchange item (what the mass-delete guard weighs deletes against). */
  countLinkedPairs(profile: string, mailbox: string, remoteKind: ItemKind): number {
    return (statement(this.db, 'SELECT count(*) AS n FROM sync_item_map WHERE profile = ? AND mailbox = ? AND remote_kind = ? AND remote_id IS NOT NULL')
      .get(profile, mailbox, remoteKind) as { n: number }).n;
  }

  pairsOfKind(profile: string, mailbox: string, remoteKind: ItemKind): PairDbRow[] {
    return statement(this.db, 'SELECT * FROM sync_item_map WHERE profile = ? AND mailbox = ? AND remote_kind = ?').all(profile, mailbox, remoteKind) as PairDbRow[];
  }

  /** Records a synced pair: both sides now hold `data` (hash and snapshot kept for the next comparison). */
  savePair(p: { profile: string; mailbox: string; localId: string; remoteKind: ItemKind; remoteId: string; remoteType?: string | undefined; changeKey?: string | undefined; data: Record<string, unknown> }): void {
    // A remote id moves to this local id (e.g. a duplicate resolved): no other pair may keep it.
    statement(this.db, 'DELETE FROM sync_item_map WHERE profile = ? AND mailbox = ? AND remote_id = ? AND local_id <> ?').run(p.profile, p.mailbox, p.remoteId, p.localId);
    statement(this.db, `INSERT INTO sync_item_map (profile, mailbox, local_id, remote_kind, remote_id, remote_type, change_key, synced_hash, synced_data, synced_at, create_started_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
      ON CONFLICT (profile, mailbox, local_id) DO UPDATE SET remote_kind = excluded.remote_kind, remote_id = excluded.remote_id,
        remote_type = coalesce(excluded.remote_type, remote_type), change_key = excluded.change_key, synced_hash = excluded.synced_hash,
        synced_data = excluded.synced_data, synced_at = excluded.synced_at, create_started_at = NULL`)
      .run(p.profile, p.mailbox, p.localId, p.remoteKind, p.remoteId, p.remoteType ?? null, p.changeKey ?? null, contentHash(p.data), JSON.stringify(p.data), nowIso());
  }

  /** Only the change key moved (an echo of our own write, or a server-side touch). */
  touchPair(profile: string, mailbox: string, localId: string, changeKey: string | undefined): void {
    statement(this.db, 'UPDATE sync_item_map SET change_key = ? WHERE profile = ? AND mailbox = ? AND local_id = ?').run(changeKey ?? null, profile, mailbox, localId);
  }

  /** Durably notes that a create is about to be sent, so a lost answer is looked up, not repeated. */
  markCreateStarted(profile: string, mailbox: string, localId: string, remoteKind: ItemKind): void {
    statement(this.db, `INSERT INTO sync_item_map (profile, mailbox, local_id, remote_kind, create_started_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (profile, mailbox, local_id) DO UPDATE SET remote_id = NULL, create_started_at = excluded.create_started_at`)
      .run(profile, mailbox, localId, remoteKind, nowIso());
  }

  /** Keeps the pair but drops its remote side: the export phase creates the item again. */
  unlinkPair(profile: string, mailbox: string, localId: string): void {
    statement(this.db, 'UPDATE sync_item_map SET remote_id = NULL, change_key = NULL, create_started_at = NULL WHERE profile = ? AND mailbox = ? AND local_id = ?').run(profile, mailbox, localId);
  }

  deletePair(profile: string, mailbox: string, localId: string): void {
    statement(this.db, 'DELETE FROM sync_item_map WHERE profile = ? AND mailbox = ? AND local_id = ?').run(profile, mailbox, localId);
  }

  // ── tombstones ───────────────────────────────────────────────────────────

  addTombstone(t: { profile: string; mailbox: string; localId: string; kind: string; remoteId: string | null; origin: 'local' | 'remote'; propagated: boolean }): void {
    const at = nowIso();
    statement(this.db, 'INSERT INTO sync_tombstones (profile, mailbox, local_id, kind, remote_id, origin, deleted_at, propagated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(t.profile, t.mailbox, t.localId, t.kind, t.remoteId, t.origin, at, t.propagated ? at : null);
  }

  markTombstonePropagated(profile: string, mailbox: string, localId: string): void {
    statement(this.db, 'UPDATE sync_tombstones SET propagated_at = ? WHERE profile = ? AND mailbox = ? AND local_id = ? AND propagated_at IS NULL').run(nowIso(), profile, mailbox, localId);
  }
}

function toWireItem(row: ItemRow & { remote_id: string | null }): LocalItem {
  return {
    localId: row.local_id, profile: row.profile, mailbox: row.mailbox, kind: row.kind, origin: row.origin,
    data: JSON.parse(row.data) as Record<string, unknown>, updatedAt: row.updated_at, deletedAt: row.deleted_at,
    seq: row.change_seq, remoteId: row.remote_id ?? null,
  };
}
