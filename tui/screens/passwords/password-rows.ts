/**
 * The staff-passwords screen's data (EX-10 per-user mode): which profile is per-user, its
 * enabled staff members with whether each one's own password is stored (by field name
 * only — values never leave the agent), and the checks a typed password must pass before
 * it is sent. Pure.
 */
import { MAX_PASSWORD_LENGTH, PER_USER_PASSWORD_ALIAS_PREFIX } from '../../../src/profiles/secret-fields.js';
import { ownPasswordStored, staffOf, type StaffMember } from '../staff/staff-rows.js';

export interface PasswordRow {
  user: string;
  displayName?: string;
  stored: boolean;
}

/** EX-10: an on-premises profile whose credentials are each user's own. */
export function isPerUserProfile(profile: Record<string, unknown> | undefined): boolean {
  const credentials = profile?.credentials as { mode?: unknown } | undefined;
  return profile?.kind === 'exchange-onprem' && credentials?.mode === 'perUser';
}

/** Only enabled members sync, so only they need a password (EX-15 never enables anyone for you). */
export function passwordRows(profile: Record<string, unknown> | undefined, secretFields: readonly string[]): PasswordRow[] {
  return staffOf(profile).filter((m: StaffMember) => m.enabled).map((m) => ({
    user: m.user, ...(m.displayName ? { displayName: m.displayName } : {}), stored: ownPasswordStored(m, secretFields),
  }));
}

export function disabledCount(profile: Record<string, unknown> | undefined): number {
  return staffOf(profile).filter((m) => !m.enabled).length;
}

/** The alias `secrets.set` resolves to the member's store field (`mailbridge secrets set P password:USER`). */
export function passwordAlias(user: string): string {
  return `${PER_USER_PASSWORD_ALIAS_PREFIX}${user}`;
}

/** What is wrong with a typed password, in the rule's words; undefined when it may be sent. */
export function passwordProblem(value: string): string | undefined {
  if (value.length === 0) return 'type the password first (an empty password cannot sign in) (EX-10)';
  if (value.length > MAX_PASSWORD_LENGTH) return `the password has ${value.length} characters; at most ${MAX_PASSWORD_LENGTH} characters are allowed (EX-4)`;
  return undefined;
}

/** The masked field: one bullet per character up to a cap, so not even the length shows beyond it. */
export function maskedValue(length: number, cap = 24): string {
  return '•'.repeat(Math.min(length, cap));
}
