/**
 * The finding a profile validation produces, and the shape of a rule that produces it.
 * Rules are data (profile-rules-*.ts): a rule ID from requirements.md, an MB_… code,
 * the field path, a test that returns hits, and the problem and fix wording.
 */

export type IssueSeverity = 'error' | 'warning';

/** One finding about one field of one profile. Never carries a secret value. */
export interface ProfileIssue {
  /** Field path, e.g. `server`, `windows.pastDays`, `staff[2].user`. */
  path: string;
  /** Requirement ID (EX-7, O365-3, MEM-2, AG-5, …). */
  rule: string;
  /** Our canonical finding code, `MB_<NAME>`. */
  code: string;
  /** `path: problem; fix (RULE)` — one line an operator can act on. */
  message: string;
  /** What to do about it. */
  fix: string;
  severity: IssueSeverity;
  /** The profile the issue is about, when validating several (import, cross-profile lints). */
  profile?: string;
}

/** What a rule's test returns per offending field: the path and the words to fill into the message. */
export interface RuleHit {
  path: string;
  /** Fills the rule's problem/fix templates: the offending value, a limit, the other profile… */
  detail?: Record<string, string | number>;
}

export interface ProfileRule<P> {
  code: string;
  rule: string;
  severity: IssueSeverity;
  /** The field the rule is about (documentation; each hit names the exact path). */
  path: string;
  /** Returns one hit per offending field; an empty list when the profile passes. */
  test: (profile: P) => RuleHit[];
  problem: (hit: RuleHit) => string;
  fix: string | ((hit: RuleHit) => string);
}

export function issueFromHit<P>(rule: ProfileRule<P>, hit: RuleHit, profileName?: string): ProfileIssue {
  const fix = typeof rule.fix === 'function' ? rule.fix(hit) : rule.fix;
  return {
    path: hit.path,
    rule: rule.rule,
    code: rule.code,
    message: `${hit.path}: ${rule.problem(hit)}; ${fix} (${rule.rule})`,
    fix,
    severity: rule.severity,
    ...(profileName !== undefined ? { profile: profileName } : {}),
  };
}

/** Runs a table of rules over one profile. */
export function runRules<P>(rules: readonly ProfileRule<P>[], profile: P, profileName?: string): ProfileIssue[] {
  return rules.flatMap((rule) => rule.test(profile).map((hit) => issueFromHit(rule, hit, profileName)));
}

/** `a.b[0].c` from a zod-style path. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out.length === 0 ? String(segment) : `.${String(segment)}`;
  }
  return out.length === 0 ? '(profile)' : out;
}

export function hasErrors(issues: readonly ProfileIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}
