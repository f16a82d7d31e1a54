/**
 * `mailbridge staff enable|disable`, as pure logic over a profile's staff list (EX-15:
 * staff are never synced automatically; an administrator enables them one by one, or all
 * at once). Naming a user the profile does not list yet adds them — that is how a script
 * provisions staff from a file — and the result says which were added, enabled, disabled
 * or already so.
 */
import { OperatorError } from '../errors/operator-error.js';
import type { Profile } from '../profiles/profile-schema.js';

export interface StaffChange {
  profile: Profile;
  added: string[];
  changed: string[];
  unchanged: string[];
}

/** Users compare without regard to case: they are e-mail addresses or directory names. */
const sameUser = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function staffSelectionError(): OperatorError {
  return new OperatorError({
    code: 'MB_STAFF_SELECTION_MISSING', family: 'config', field: 'users', exitCode: 2,
    message: 'name at least one user, or pass --all',
    cause: 'EX-15: staff are enabled explicitly, one by one or all at once; nothing was named.',
    fix: ['mailbridge staff enable PROFILE anna@example.com bob@example.com', 'mailbridge staff enable PROFILE --all'],
  });
}

export function applyStaffChange(profile: Profile, enabled: boolean, users: readonly string[], all: boolean): StaffChange {
  if (!all && users.length === 0) throw staffSelectionError();
  const staff = profile.staff.map((m) => ({ ...m }));
  const added: string[] = [];
  const changed: string[] = [];
  const unchanged: string[] = [];
  const targets = all ? staff.map((m) => m.user) : users;
  for (const user of targets) {
    const member = staff.find((m) => sameUser(m.user, user));
    if (!member) {
      if (!enabled) {
        unchanged.push(user);
        continue;
      }
      staff.push({ user, enabled: true });
      added.push(user);
    } else if (member.enabled !== enabled) {
      member.enabled = enabled;
      changed.push(member.user);
    } else unchanged.push(member.user);
  }
  return { profile: { ...profile, staff }, added, changed, unchanged };
}
