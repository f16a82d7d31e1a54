/**
 * The check report: `mailbridge.check-report/v1`, the shape architecture.md ("Contracts")
 * fixes for `mailbridge check --json`, `checks.report` and `run.finished`. The zod schema
 * is the single source of the type, so a report that type-checks also validates.
 */
import { z } from 'zod';
import { ERROR_FAMILIES } from '../errors/operator-error.js';
import { isCheckId } from './check-ids.js';

export const CHECK_REPORT_SCHEMA = 'mailbridge.check-report/v1';

export const CHECK_STATUSES = ['pass', 'warn', 'fail', 'skip'] as const;
export const checkStatusSchema = z.enum(CHECK_STATUSES);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

/** Diagnosis attached to a warn/fail result: the KB entry shape (code, family, cause, fix). */
export const checkDiagnosisSchema = z.strictObject({
  code: z.string().min(1),
  family: z.enum(ERROR_FAMILIES),
  cause: z.string().min(1),
  fix: z.array(z.string().min(1)),
});
export type CheckDiagnosis = z.infer<typeof checkDiagnosisSchema>;

export const checkResultSchema = z
  .strictObject({
    id: z.string().refine(isCheckId, { message: 'not a check id from architecture.md' }),
    title: z.string().min(1),
    status: checkStatusSchema,
    durationMs: z.number().nonnegative(),
    summary: z.string(),
    /** Evidence only: addresses, certificate fields, protocol, HTTP status — never secrets. */
    details: z.record(z.string(), z.unknown()),
    diagnosis: checkDiagnosisSchema.nullable(),
  })
  .refine((r) => (r.status === 'warn' || r.status === 'fail') === (r.diagnosis !== null), {
    message: 'warn and fail results carry a diagnosis; pass and skip results carry none',
    path: ['diagnosis'],
  });
export type CheckResult = z.infer<typeof checkResultSchema>;

export const checkSummarySchema = z.strictObject({
  pass: z.number().int().nonnegative(),
  warn: z.number().int().nonnegative(),
  fail: z.number().int().nonnegative(),
  skip: z.number().int().nonnegative(),
});
export type CheckSummary = z.infer<typeof checkSummarySchema>;

/** What was checked: a profile name or an ad-hoc server, and the ports actually probed. */
export const checkTargetSchema = z
  .object({
    profile: z.string().optional(),
    kind: z.enum(['onprem', 'online']).optional(),
    server: z.string().optional(),
  })
  .catchall(z.unknown());
export type CheckTarget = z.infer<typeof checkTargetSchema>;

export const checkReportSchema = z
  .strictObject({
    schema: z.literal(CHECK_REPORT_SCHEMA),
    target: checkTargetSchema,
    startedAt: z.iso.datetime(),
    durationMs: z.number().nonnegative(),
    summary: checkSummarySchema,
    checks: z.array(checkResultSchema),
  })
  .refine((r) => CHECK_STATUSES.every((s) => r.summary[s] === r.checks.filter((c) => c.status === s).length), {
    message: 'summary counts do not match the checks',
    path: ['summary'],
  });
export type CheckReport = z.infer<typeof checkReportSchema>;

/** Counts per status, for building a report's `summary`. */
export function summarize(checks: readonly Pick<CheckResult, 'status'>[]): CheckSummary {
  const summary: CheckSummary = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const check of checks) summary[check.status] += 1;
  return summary;
}
