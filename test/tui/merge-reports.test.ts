// Re-running one check (issue #6): the console merges the re-run's results into the last
// report — re-run checks replaced in place, others kept, the summary recounted. Pure.
import { describe, expect, it } from 'vitest';
import { CHECK_REPORT_SCHEMA, type CheckReport, type CheckResult } from '../../src/checks/check-report.js';
import { mergeReports } from '../../tui/hooks/use-check-run.js';

const result = (id: CheckResult['id'], status: CheckResult['status']): CheckResult => ({ id, title: id, status, durationMs: 1, summary: status, details: {}, diagnosis: null });
const report = (checks: CheckResult[], startedAt: string): CheckReport => ({
  schema: CHECK_REPORT_SCHEMA, target: { server: 'mail.acme.example', ports: {} }, startedAt, durationMs: 5, checks,
  summary: { pass: checks.filter((c) => c.status === 'pass').length, warn: 0, fail: checks.filter((c) => c.status === 'fail').length, skip: checks.filter((c) => c.status === 'skip').length },
});

describe('mergeReports', () => {
  it('replaces re-run checks in place, keeps the rest, recounts the summary', () => {
    const before = report([result('dns.resolve', 'pass'), result('tls.trust', 'fail'), result('ews.endpoint', 'skip')], '2026-11-23T12:00:00.000Z');
    const rerun = report([result('dns.resolve', 'pass'), result('tls.trust', 'pass')], '2026-11-23T12:05:00.000Z');
    const merged = mergeReports(before, rerun);
    expect(merged.checks.map((c) => `${c.id}:${c.status}`)).toEqual(['dns.resolve:pass', 'tls.trust:pass', 'ews.endpoint:skip']);
    expect(merged.summary).toEqual({ pass: 2, warn: 0, fail: 0, skip: 1 });
    expect(merged.startedAt).toBe('2026-11-23T12:05:00.000Z');
  });
  it('is the new report when there was none', () => {
    const only = report([result('dns.resolve', 'pass')], '2026-11-23T12:05:00.000Z');
    expect(mergeReports(undefined, only)).toBe(only);
  });
});
