/**
 * Wire shapes of `sync.overview` and `sync.history` (issue #6 on the sync engine of #7):
 * what the console's dashboard and Sync & logs screen need to say when each profile last
 * synced, when it syncs next and which runs happened before the console opened. Read
 * from the engine's sync_runs table and its scheduler; additive within protocol 1.
 */
import { z } from 'zod';

export const SyncRunRecordSchema = z.object({
  runId: z.string(),
  profile: z.string(),
  startedAt: z.string(),
  /** Null while the run is going (or when the agent stopped during it). */
  finishedAt: z.string().nullable(),
  full: z.boolean(),
  result: z.enum(['ok', 'failed', 'partial']).nullable(),
  /** The counts of the run's summary (mailbridge.sync-summary/v1); null until it finished. */
  counts: z.object({
    mailboxes: z.number().int(), created: z.number().int(), updated: z.number().int(), deleted: z.number().int(),
    imported: z.number().int(), conflicts: z.number().int(), errors: z.number().int(),
  }).nullable(),
  durationMs: z.number().nullable(),
});
export type SyncRunRecord = z.output<typeof SyncRunRecordSchema>;

export const SyncOverviewParamsSchema = z.strictObject({});
export const SyncOverviewResultSchema = z.object({
  profiles: z.array(z.object({
    profile: z.string(),
    /** The latest finished run, or null before the first one. */
    lastRun: SyncRunRecordSchema.nullable(),
    /** When the scheduler starts the next run (EX-6/EX-7); null when none is scheduled (disabled, scheduling off, running). */
    nextRunAt: z.string().nullable(),
    running: z.boolean(),
  })),
});

export const SyncHistoryParamsSchema = z.strictObject({
  profile: z.string().min(1).optional(),
  limit: z.number().int().min(1).max(1000).default(50),
});
export const SyncHistoryResultSchema = z.object({ runs: z.array(SyncRunRecordSchema) });
