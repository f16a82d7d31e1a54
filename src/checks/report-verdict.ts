/**
 * The one-sentence verdict over a check report (the tri-state summary of diagnostics.md §5:
 * "NOT working" / "working, BUT" / "working") and the exit code it maps to under the
 * contract of architecture.md: 0 nothing failed (warnings allowed unless strict), 1 failed.
 */
import type { CheckReport, CheckResult } from './check-report.js';

export type VerdictKind = 'not-working' | 'working-but' | 'working';

export interface Verdict {
  readonly kind: VerdictKind;
  /** The verdict line, first in every rendering. */
  readonly line: string;
  /** The first failure in report order: the root cause the operator should fix first. */
  readonly firstFailure: CheckResult | undefined;
  /** Warnings and failures after the first failure, in report order. */
  readonly others: readonly CheckResult[];
}

export function reportVerdict(report: CheckReport): Verdict {
  const failures = report.checks.filter((c) => c.status === 'fail');
  const warnings = report.checks.filter((c) => c.status === 'warn');
  const first = failures[0];
  const others = report.checks.filter((c) => (c.status === 'fail' || c.status === 'warn') && c !== first);
  if (first) {
    const more = failures.length > 1 ? ` (+${failures.length - 1} more failed)` : '';
    return { kind: 'not-working', line: `NOT working: ${first.title}: ${first.summary}${more}`, firstFailure: first, others };
  }
  if (warnings.length > 0) {
    const titles = warnings.map((w) => w.title).join(', ');
    return { kind: 'working-but', line: `working, BUT: ${warnings.length} warning${warnings.length > 1 ? 's' : ''} (${titles})`, firstFailure: undefined, others };
  }
  return { kind: 'working', line: 'working.', firstFailure: undefined, others };
}

/** 0 when nothing failed (and, with `strict`, nothing warned); 1 otherwise. */
export function reportExitCode(report: CheckReport, strict = false): 0 | 1 {
  const failed = report.summary.fail > 0 || (strict && report.summary.warn > 0);
  return failed ? 1 : 0;
}
