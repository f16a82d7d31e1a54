/**
 * Wire shapes for running checks through the agent (architecture.md, "The agent protocol":
 * long work returns a run id at once, streams `run.progress`, ends with `run.finished`,
 * and the report can be fetched by id). Kept beside the report schema so the protocol's
 * method table and event table can add these rows as they are.
 */
import { z } from 'zod';
import { checkReportSchema, checkResultSchema, checkSummarySchema } from './check-report.js';

/** `checks.run` params: a saved profile or an ad-hoc server, as on the command line (no secrets). */
export const checksRunParamsSchema = z
  .strictObject({
    profile: z.string().min(1).optional(),
    server: z.string().min(1).optional(),
    httpsPort: z.number().int().min(1).max(65535).optional(),
    ports: z.array(z.number().int().min(1).max(65535)).optional(),
    /** Path of a PEM CA file on the agent's host. */
    caFile: z.string().min(1).optional(),
    timeoutMs: z.number().int().min(100).max(600_000).optional(),
    /** How many enabled staff mailboxes auth.impersonation tries (the check's default is 5). */
    impersonationSample: z.number().int().min(1).max(100).optional(),
    /**
     * An unsaved profile (as profiles.validate takes it, secrets as references only): the
     * setup wizard checks what is entered before saving. Secrets are read from the store
     * under the profile's name, so a new profile's credential checks report them missing.
     */
    draft: z.record(z.string(), z.unknown()).optional(),
    /** Run only these checks (and what they depend on); all when absent. */
    checks: z.array(z.string().min(1)).min(1).optional(),
  })
  .refine((p) => !(p.profile && p.server), { message: 'give either profile or server, not both', path: ['server'] })
  .refine((p) => !(p.draft && (p.profile || p.server)), { message: 'give a draft profile alone, without profile or server', path: ['draft'] });
export type ChecksRunParams = z.output<typeof checksRunParamsSchema>;

export const checksRunResultSchema = z.strictObject({ runId: z.string() });

export const checksReportParamsSchema = z.strictObject({ runId: z.string() });
export const checksReportResultSchema = checkReportSchema;

export const checksCancelParamsSchema = z.strictObject({ runId: z.string() });
export const checksCancelResultSchema = z.strictObject({ cancelled: z.boolean() });

/** `run.progress` data: one check started or finished. */
export const runProgressSchema = z.discriminatedUnion('phase', [
  z.strictObject({ runId: z.string(), kind: z.literal('checks'), phase: z.literal('started'), checkId: z.string(), title: z.string(), atMs: z.number() }),
  z.strictObject({ runId: z.string(), kind: z.literal('checks'), phase: z.literal('finished'), checkId: z.string(), title: z.string(), atMs: z.number(), result: checkResultSchema }),
]);
export type RunProgress = z.output<typeof runProgressSchema>;

/** `run.finished` data: the outcome in brief; the report itself via `checks.report`. */
export const runFinishedSchema = z.strictObject({
  runId: z.string(),
  kind: z.literal('checks'),
  verdict: z.string(),
  summary: checkSummarySchema,
  durationMs: z.number(),
});
export type RunFinished = z.output<typeof runFinishedSchema>;
