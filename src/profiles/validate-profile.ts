/**
 * Full validation of a profile as it enters (profiles.put, `profile import`, the console's
 * form): secret leaks (AG-5), the schema, the kind's rule table and, when the other stored
 * profiles are given, the cross-profile lints (MEM-2, MEM-3). Pure: no I/O.
 */
import { COMMON_RULES } from './profile-rules-common.js';
import { ONLINE_RULES } from './profile-rules-online.js';
import { ONPREM_RULES } from './profile-rules-onprem.js';
import { runCrossProfileRules } from './cross-profile-rules.js';
import { hasErrors, runRules, type ProfileIssue } from './profile-issue.js';
import { isOnpremProfile, profileSchema, type Profile } from './profile-schema.js';
import { issuesFromZod, scanSecretLeaks } from './structural-issues.js';

export interface ProfileValidation {
  valid: boolean;
  /** Errors first, then warnings. */
  issues: ProfileIssue[];
  /** The parsed profile (defaults filled in) when the shape is right, even if rules failed. */
  profile?: Profile;
}

export interface ValidateOptions {
  /** The other stored profiles; a stored profile with the same name is the one being replaced. */
  others?: readonly Profile[];
}

const REFERENCE_KEYS: ReadonlySet<string> = new Set(['secret']);

function sortIssues(issues: ProfileIssue[]): ProfileIssue[] {
  return [...issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** The rule tables of one parsed profile. */
export function profileRuleIssues(profile: Profile): ProfileIssue[] {
  return [...runRules(COMMON_RULES, profile), ...(isOnpremProfile(profile) ? runRules(ONPREM_RULES, profile) : runRules(ONLINE_RULES, profile))];
}

export function validateProfile(input: unknown, options: ValidateOptions = {}): ProfileValidation {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    const fix = 'write the profile as one JSON object with "kind", "name" and the fields in docs/examples/';
    const issue: ProfileIssue = { path: '(profile)', rule: 'MEM-6', code: 'MB_PROFILE_NOT_OBJECT', message: `(profile): is not a JSON object; ${fix} (MEM-6)`, fix, severity: 'error' };
    return { valid: false, issues: [issue] };
  }
  // A leaked secret is reported, then replaced by a reference, so every other rule still runs
  // and the operator sees all findings at once. A profile with a leak is never valid.
  const { issues: leaks, sanitised } = scanSecretLeaks(input, REFERENCE_KEYS);
  const parsed = profileSchema.safeParse(sanitised);
  if (!parsed.success) return { valid: false, issues: [...leaks, ...issuesFromZod(parsed.error, sanitised)] };
  const profile = parsed.data;
  const issues = [...leaks, ...profileRuleIssues(profile)];
  if (options.others) {
    const others = options.others.filter((o) => o.name !== profile.name);
    issues.push(...runCrossProfileRules([...others, profile]).filter((i) => i.profile === profile.name));
  }
  const sorted = sortIssues(issues);
  return { valid: !hasErrors(sorted), issues: sorted, profile };
}

/** Validates a whole set of profiles (profiles.json as stored, or an import file plus what is stored). */
export function validateProfileSet(profiles: readonly Profile[]): ProfileIssue[] {
  const own = profiles.flatMap((p) => profileRuleIssues(p).map((i) => ({ ...i, profile: p.name })));
  return sortIssues([...own, ...runCrossProfileRules(profiles)]);
}
