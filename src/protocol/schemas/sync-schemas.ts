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

export const ConflictPolicySchema = z.enum(['exchange-wins', 'application-wins', 'newest-wins']);

/** `sync.settings`: read (only `profile`) or change the engine's per-profile settings. */
export const SyncSettingsParamsSchema = z.strictObject({
  profile: z.string().min(1),
  conflictPolicy: ConflictPolicySchema.optional(),
  /** Largest share (0..1] of a folder's synced items one sync may delete before it stops and asks. */
  massDeleteShare: z.number().gt(0).max(1).optional(),
  /** Deletes below this count always pass the guard. */
  massDeleteMin: z.number().int().min(0).max(1_000_000).optional(),
});
export const SyncSettingsResultSchema = z.object({
  profile: z.string(),
  conflictPolicy: ConflictPolicySchema,
  massDeleteShare: z.number(),
  massDeleteMin: z.number().int(),
  fullResyncPending: z.boolean(),
});

/** `sync.conflicts`: the audit of decided conflicts, newest first (for the console). */
export const SyncConflictsParamsSchema = z.strictObject({ profile: z.string().min(1), limit: z.number().int().min(1).max(1000).default(100) });
export const SyncConflictsResultSchema = z.object({
  conflicts: z.array(z.object({
    id: z.number().int(), at: z.string(), runId: z.string().nullable(), mailbox: z.string(), localId: z.string(), remoteId: z.string().nullable(), kind: z.string(),
    policy: ConflictPolicySchema, winner: z.enum(['exchange', 'application']), reason: z.string(),
    localData: z.unknown(), remoteData: z.unknown(), localModified: z.string().nullable(), remoteModified: z.string().nullable(),
  })),
});

/** `sync.status`: per staff member the last sync attempt and its result (EX-15). */
export const SyncStatusParamsSchema = z.strictObject({ profile: z.string().min(1) });
export const SyncStatusResultSchema = z.object({
  users: z.array(z.object({ mailbox: z.string(), lastAttemptAt: z.string().nullable(), lastResult: z.string().nullable(), lastSuccessAt: z.string().nullable(), confirmedAt: z.string().nullable() })),
});
