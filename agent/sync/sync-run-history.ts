/**
 * Reading the sync_runs table back for the console (`sync.overview`, `sync.history`): the
 * runs of one profile or all, newest first, each with the counts of its stored summary.
 * Read-only; the engine writes the table (SyncBookkeeping.startRun/finishRun).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SyncRunRecord } from '../../src/protocol/schemas/sync-overview-schemas.js';
import { statement } from '../store/statement-cache.js';

interface RunRow {
  id: string;
  profile: string;
  started_at: string;
  finished_at: string | null;
  full: number;
  outcome: 'ok' | 'failed' | 'partial' | null;
  summary: string | null;
}

interface StoredSummary {
  mailboxes?: number; created?: number; updated?: number; deleted?: number; imported?: number; conflicts?: number;
  errors?: unknown[]; durationMs?: number;
}

function recordOf(row: RunRow): SyncRunRecord {
  const s = row.summary ? (JSON.parse(row.summary) as StoredSummary) : null;
  return {
    runId: row.id, profile: row.profile, startedAt: row.started_at, finishedAt: row.finished_at, full: row.full === 1, result: row.outcome,
    counts: s ? {
      mailboxes: s.mailboxes ?? 0, created: s.created ?? 0, updated: s.updated ?? 0, deleted: s.deleted ?? 0,
      imported: s.imported ?? 0, conflicts: s.conflicts ?? 0, errors: s.errors?.length ?? 0,
    } : null,
    durationMs: s?.durationMs ?? null,
  };
}

export class SyncRunHistory {
  constructor(private readonly db: BetterSqlite3.Database) {}

  /** Newest first; all profiles when `profile` is undefined. */
  recent(profile: string | undefined, limit: number): SyncRunRecord[] {
    const rows = profile === undefined
      ? statement(this.db, 'SELECT * FROM sync_runs ORDER BY started_at DESC LIMIT ?').all(limit)
      : statement(this.db, 'SELECT * FROM sync_runs WHERE profile = ? ORDER BY started_at DESC LIMIT ?').all(profile, limit);
    return (rows as RunRow[]).map(recordOf);
  }

  /** The latest finished run of a profile. */
  lastFinished(profile: string): SyncRunRecord | null {
    const row = statement(this.db, 'SELECT * FROM sync_runs WHERE profile = ? AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1').get(profile) as RunRow | undefined;
    return row ? recordOf(row) : null;
  }
}
