/**
 * profile.valid: the profile's own rules (src/profiles: schema, rule tables with rule IDs
 * and MB_ codes — EX-4, EX-7, EX-11, EX-14, MEM-3, MB_HOST_IS_IP_ADDRESS…) as the first
 * check of a run, so a wrong profile is reported before any packet is sent. Errors fail,
 * warnings warn; every issue is listed in the details.
 */
import type { CheckDiagnosis } from '../../src/checks/check-report.js';
import { lookup } from '../../src/diagnosis/index.js';
import type { ProfileIssue } from '../../src/profiles/profile-issue.js';
import type { Profile } from '../../src/profiles/profile-schema.js';
import { validateProfile } from '../../src/profiles/validate-profile.js';
import type { CheckDefinition, CheckOutcome } from './check-definition.js';

/** The KB's entry for the issue's code, with the issue's own message as the cause; else the issue itself. */
function issueDiagnosis(issue: ProfileIssue): CheckDiagnosis {
  const entry = lookup(issue.code);
  if (entry) return { code: entry.code, family: entry.family, cause: issue.message, fix: [issue.fix, ...entry.fix.filter((f) => f !== issue.fix)] };
  return { code: issue.code, family: 'config', cause: issue.message, fix: [issue.fix] };
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function profileValidCheck(profile: unknown, others: readonly Profile[] = []): CheckDefinition {
  return {
    id: 'profile.valid',
    title: 'Profile rules',
    dependsOn: [],
    run(): Promise<CheckOutcome> {
      const validation = validateProfile(profile, { others });
      const issues = validation.issues.map((i) => ({ path: i.path, rule: i.rule, code: i.code, severity: i.severity, message: i.message }));
      const errors = validation.issues.filter((i) => i.severity === 'error');
      const warnings = validation.issues.filter((i) => i.severity === 'warning');
      const details = { issues, ...(validation.profile ? { profile: validation.profile.name, kind: validation.profile.kind } : {}) };
      const first = errors[0] ?? warnings[0];
      if (!first) return Promise.resolve({ status: 'pass', summary: 'all profile rules pass', details });
      const tally = [errors.length ? count(errors.length, 'error') : '', warnings.length ? count(warnings.length, 'warning') : ''].filter(Boolean).join(', ');
      return Promise.resolve({
        status: errors.length > 0 ? 'fail' : 'warn',
        summary: `${tally}; first: ${first.message}`,
        details,
        diagnosis: issueDiagnosis(first),
      });
    },
  };
}
