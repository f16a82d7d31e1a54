/**
 * Which Microsoft Graph application permissions (the token's `roles`) the enabled sync
 * features of an Exchange Online profile need, and which granted roles satisfy a need
 * (ReadWrite covers Read). Data, not branches: one row per feature.
 */
import type { OnlineProfile } from '../../../src/profiles/online-profile-schema.js';

interface FeatureNeed {
  readonly feature: string;
  readonly role: string;
  readonly applies: (p: OnlineProfile) => boolean;
}

const FEATURE_NEEDS: readonly FeatureNeed[] = [
  { feature: 'find the staff and shared mailboxes (EX-15, O365-4)', role: 'User.Read.All', applies: (p) => p.staff.some((s) => s.enabled) || p.sharedMailboxes.length > 0 },
  { feature: 'read the selected mail folders (O365-3)', role: 'Mail.Read', applies: (p) => p.mail.folders.length > 0 || p.mail.includeSentItems || p.sharedMailboxes.length > 0 },
  { feature: 'import appointments (EX-13)', role: 'Calendars.Read', applies: (p) => p.import.appointments !== 'none' },
  { feature: 'export appointments (EX-12)', role: 'Calendars.ReadWrite', applies: (p) => p.export.appointments },
  { feature: 'export account-manager contacts (EX-12)', role: 'Contacts.ReadWrite', applies: (p) => p.export.accountManagerContacts },
  { feature: 'sync to-dos (EX-12)', role: 'Tasks.ReadWrite.All', applies: (p) => p.export.todos },
  { feature: 'send notification mail (EX-11)', role: 'Mail.Send', applies: (p) => p.notificationAddresses.trim() !== '' },
];

/** A needed role → the granted roles that satisfy it. */
const SATISFIED_BY: Readonly<Record<string, readonly string[]>> = {
  'User.Read.All': ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'Mail.Read': ['Mail.Read', 'Mail.ReadWrite'],
  'Calendars.Read': ['Calendars.Read', 'Calendars.ReadWrite'],
  'Calendars.ReadWrite': ['Calendars.ReadWrite'],
  'Contacts.ReadWrite': ['Contacts.ReadWrite'],
  'Tasks.ReadWrite.All': ['Tasks.ReadWrite.All'],
  'Mail.Send': ['Mail.Send'],
};

export interface RoleNeed {
  readonly role: string;
  readonly features: string[];
}

export function requiredRoles(profile: OnlineProfile): RoleNeed[] {
  const byRole = new Map<string, string[]>();
  for (const need of FEATURE_NEEDS) {
    if (!need.applies(profile)) continue;
    byRole.set(need.role, [...(byRole.get(need.role) ?? []), need.feature]);
  }
  return [...byRole.entries()].map(([role, features]) => ({ role, features }));
}

export function isSatisfied(role: string, granted: readonly string[]): boolean {
  return (SATISFIED_BY[role] ?? [role]).some((r) => granted.includes(r));
}
