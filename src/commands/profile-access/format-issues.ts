/**
 * Text rendering of profile issues for the terminal: one line per issue with severity,
 * profile, message (which ends in the rule ID) and code, then the fix. Marked with
 * ✗/⚠ and words, never colour alone.
 */
import type { ProfileIssue } from '../../profiles/profile-issue.js';

export function formatIssues(issues: readonly ProfileIssue[]): string {
  return issues
    .map((i) => {
      const mark = i.severity === 'error' ? '✗ error' : '⚠ warning';
      const where = i.profile ? `[${i.profile}] ` : '';
      const fix = i.fix ? `\n    fix: ${i.fix}` : '';
      return `${mark}: ${where}${i.message}${i.code ? ` [${i.code}]` : ''}${fix}`;
    })
    .join('\n');
}

export function countBySeverity(issues: readonly ProfileIssue[]): { errors: number; warnings: number } {
  return { errors: issues.filter((i) => i.severity === 'error').length, warnings: issues.filter((i) => i.severity === 'warning').length };
}
