/**
 * Wire shapes of sync (issue #7): the summary contract `mailbridge.sync-summary/v1`
 * (printed by `mailbridge sync --json`, returned by `sync.run`), the `sync.run` params and
 * result, and the `sync.progress` / `sync.finished` event data.
 */
import { z } from 'zod';

export const SYNC_SUMMARY_SCHEMA = 'mailbridge.sync-summary/v1';

const diagnosisSchema = z.object({ code: z.string(), family: z.string(), cause: z.string(), fix: z.array(z.string()) });

export const SyncErrorSchema = z.object({
  mailbox: z.string(),
  folder: z.string().optional(),
  code: z.string(),
  message: z.string(),
  diagnosis: diagnosisSchema.nullable(),
});

export const SyncSummarySchema = z.object({
  schema: z.literal(SYNC_SUMMARY_SCHEMA),
  profile: z.string(),
  /** Mailboxes synced (staff and shared). */
  mailboxes: z.number().int(),
  /** Items created / updated in Exchange. */
  created: z.number().int(),
  updated: z.number().int(),
  /** Deletes carried out, either direction. */
  deleted: z.number().int(),
  /** Local items created or updated from Exchange. */
  imported: z.number().int(),
  /** Messages stored in the document store. */
  ingested: z.number().int(),
  conflicts: z.number().int(),
  errors: z.array(SyncErrorSchema),
  roundTrips: z.number().int(),
  durationMs: z.number(),
});
export type SyncSummary = z.output<typeof SyncSummarySchema>;

export const SyncRunParamsSchema = z.strictObject({
  profile: z.string().min(1),
  /** Read every folder again and reconcile by id. */
  full: z.boolean().default(false),
  /** Answer only when the run has finished, with its summary. */
  wait: z.boolean().default(false),
  /** Confirms a delete the mass-delete guard stopped. */
  allowMassDelete: z.boolean().default(false),
});

export const SyncRunResultSchema = z.object({
  runId: z.string(),
  /** False when a run of this profile was already going and this call joined it. */
  started: z.boolean(),
  summary: SyncSummarySchema.optional(),
});

export const SyncProgressSchema = z.object({
  runId: z.string(),
  profile: z.string(),
  mailbox: z.string(),
  folder: z.string(),
  phase: z.enum(['started', 'finished', 'failed']),
  counts: z.object({ created: z.number(), updated: z.number(), deleted: z.number(), imported: z.number(), ingested: z.number(), conflicts: z.number() }).optional(),
  error: z.string().optional(),
});

export const SyncFinishedSchema = z.object({ runId: z.string(), profile: z.string(), summary: SyncSummarySchema });
