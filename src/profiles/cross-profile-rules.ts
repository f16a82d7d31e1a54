/**
 * Lints across profiles, as a table: one default at most (MEM-2), unique names, and
 * mutually exclusive staff on one Exchange server or tenant (MEM-3).
 *
 * Each pair is reported once, on the later profile in the list, so a caller that puts
 * a new profile last gets every finding on the profile it is saving.
 */
import { issueFromHit, type ProfileIssue, type ProfileRule, type RuleHit } from './profile-issue.js';
import { isOnpremProfile, type Profile } from './profile-schema.js';

interface CrossHit extends RuleHit {
  profile: string;
}

type CrossProfileRule = Omit<ProfileRule<readonly Profile[]>, 'test'> & { test: (profiles: readonly Profile[]) => CrossHit[] };

/** The mail system a profile syncs against: its Exchange host on-prem, its tenant online (MEM-3 "same server"). */
export function mailSystemKey(profile: Profile): string {
  return isOnpremProfile(profile) ? `host:${profile.server.trim().toLowerCase()}` : `tenant:${profile.tenant.trim().toLowerCase()}`;
}

function enabledUsers(profile: Profile): Map<string, number> {
  const users = new Map<string, number>();
  profile.staff.forEach((m, i) => {
    if (m.enabled) users.set(m.user.trim().toLowerCase(), i);
  });
  return users;
}

function staffOverlapHits(profiles: readonly Profile[]): CrossHit[] {
  const hits: CrossHit[] = [];
  profiles.forEach((later, j) => {
    const laterUsers = enabledUsers(later);
    profiles.slice(0, j).forEach((earlier) => {
      if (mailSystemKey(earlier) !== mailSystemKey(later)) return;
      const earlierUsers = enabledUsers(earlier);
      for (const [user, i] of laterUsers) {
        if (earlierUsers.has(user)) {
          hits.push({ profile: later.name, path: `staff[${i}].user`, detail: { user: later.staff[i]?.user ?? user, other: earlier.name } });
        }
      }
    });
  });
  return hits;
}

export const CROSS_PROFILE_RULES: readonly CrossProfileRule[] = [
  {
    code: 'MB_MULTIPLE_DEFAULT_PROFILES',
    rule: 'MEM-2',
    severity: 'error',
    path: 'default',
    test: (profiles) => {
      const defaults = profiles.filter((p) => p.default);
      return defaults.slice(1).map((p) => ({ profile: p.name, path: 'default', detail: { other: defaults[0]?.name ?? '' } }));
    },
    problem: (h) => `profile "${h.detail?.other}" is already the default`,
    fix: 'set default to false here, or make this profile the default with `mailbridge profile default NAME`',
  },
  {
    code: 'MB_PROFILE_NAME_DUPLICATE',
    rule: 'MEM-2',
    severity: 'error',
    path: 'name',
    test: (profiles) =>
      profiles.flatMap((p, j) => {
        const earlier = profiles.slice(0, j).find((o) => o.name.toLowerCase() === p.name.toLowerCase());
        return earlier ? [{ profile: p.name, path: 'name', detail: { other: earlier.name } }] : [];
      }),
    problem: (h) => `the name clashes with profile "${h.detail?.other}" (names are compared without case)`,
    fix: 'choose a name no other profile uses',
  },
  {
    code: 'MB_STAFF_OVERLAP',
    rule: 'MEM-3',
    severity: 'error',
    path: 'staff',
    test: staffOverlapHits,
    problem: (h) => `${JSON.stringify(h.detail?.user)} is also enabled in profile "${h.detail?.other}" against the same Exchange server or tenant`,
    fix: 'profiles against one Exchange server need mutually exclusive staff: disable or remove this user in one of them',
  },
];

/** The codes only a look across profiles can find (derived from the table above). */
export const CROSS_PROFILE_CODES: ReadonlySet<string> = new Set(CROSS_PROFILE_RULES.map((rule) => rule.code));

export function runCrossProfileRules(profiles: readonly Profile[]): ProfileIssue[] {
  return CROSS_PROFILE_RULES.flatMap((rule) => rule.test(profiles).map((hit) => issueFromHit(rule, hit, hit.profile)));
}
