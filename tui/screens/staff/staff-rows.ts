/**
 * The Staff screen's data (EX-15): staff members of a profile with their enable switch,
 * toggling one or all, and the rows of the table. Pure.
 */
import { perUserPasswordField } from '../../../src/profiles/secret-fields.js';
import type { ColumnSpec } from '../../layout/table-layout.js';
import { attemptCell } from '../../sync/sync-time-text.js';

export interface StaffMember {
  user: string;
  enabled: boolean;
  displayName?: string;
}

export const STAFF_COLUMNS: readonly ColumnSpec[] = [
  { key: 'enabled', header: 'SYNC', priority: 0, min: 7, max: 7 },
  { key: 'user', header: 'MAILBOX', priority: 0, min: 16, max: 36 },
  { key: 'name', header: 'NAME', priority: 2, min: 8, max: 20 },
  { key: 'lastSync', header: 'LAST ATTEMPT', priority: 1, min: 13, max: 17 },
];

export function staffOf(profile: Record<string, unknown> | undefined): StaffMember[] {
  const staff = profile?.staff;
  return Array.isArray(staff) ? (staff as StaffMember[]).map((m) => ({ ...m, enabled: Boolean(m.enabled) })) : [];
}

export function toggleOne(staff: readonly StaffMember[], user: string): StaffMember[] {
  return staff.map((m) => (m.user === user ? { ...m, enabled: !m.enabled } : m));
}

/** Select all: enables everyone, or disables everyone when all are already enabled. */
export function toggleAll(staff: readonly StaffMember[]): StaffMember[] {
  const all = staff.every((m) => m.enabled);
  return staff.map((m) => ({ ...m, enabled: !all }));
}

/** What `sync.status` says of one mailbox (EX-15); absent before its first attempt. */
export interface MailboxAttempt {
  lastAttemptAt: string | null;
  lastResult: string | null;
}

export function staffRow(member: StaffMember, attempt?: MailboxAttempt): Record<string, string> {
  return {
    enabled: member.enabled ? '[x] on' : '[ ] off',
    user: member.user,
    name: member.displayName ?? '',
    lastSync: attemptCell(attempt?.lastAttemptAt, attempt?.lastResult),
  };
}

/** EX-10 per-user mode: whether the member's own password is stored. */
export function ownPasswordStored(member: StaffMember, secretFields: readonly string[]): boolean {
  return secretFields.includes(perUserPasswordField(member.user));
}
