/**
 * Reads a validated profile into what the engine needs: export/import switches (EX-12,
 * EX-13), windows (EX-14), the enabled staff mailboxes (EX-15: never automatic), shared
 * mailboxes and the mail selection (O365-3, O365-4), plus the engine's own per-profile
 * settings from the store (conflict policy, mass-delete guard).
 */
import type { Profile } from '../../src/profiles/profile-schema.js';
import type { ProfileSyncSettings } from './sync-bookkeeping.js';
import type { SyncOptions } from './sync-context.js';

export const DEFAULT_PAGE_SIZE = 200;

export interface ProfileMailbox {
  address: string;
  role: 'staff' | 'shared';
  ingestMail: boolean;
}

export function syncOptionsOf(profile: Profile, settings: ProfileSyncSettings, pageSize = DEFAULT_PAGE_SIZE): SyncOptions {
  return {
    profile: profile.name,
    export: {
      appointments: profile.export.appointments,
      serviceCalls: profile.export.serviceCalls,
      accountManagerContacts: profile.export.accountManagerContacts,
      todos: profile.export.todos,
    },
    import: { appointments: profile.import.appointments, sendFreeTime: profile.import.sendFreeTime },
    windows: { pastDays: profile.windows.pastDays, recurringDaysAhead: profile.windows.recurringDaysAhead },
    conflictPolicy: settings.conflictPolicy,
    massDelete: settings.massDelete,
    mailFolders: profile.mail.folders,
    includeSentItems: profile.mail.includeSentItems,
    pageSize,
  };
}

/**
 * Enabled staff mailboxes, then shared mailboxes; each address once. Both kinds ingest mail
 * the same way (O365-3, O365-4): EWS profiles through SyncFolderItems, online ones through delta.
 */
export function mailboxesOf(profile: Profile): ProfileMailbox[] {
  const out: ProfileMailbox[] = [];
  const seen = new Set<string>();
  const staffIngests = profile.mail.folders.length > 0 || profile.mail.includeSentItems;
  for (const member of profile.staff.filter((s) => s.enabled)) {
    if (seen.has(member.user.toLowerCase())) continue;
    seen.add(member.user.toLowerCase());
    out.push({ address: member.user, role: 'staff', ingestMail: staffIngests });
  }
  for (const address of profile.sharedMailboxes) {
    if (seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    out.push({ address, role: 'shared', ingestMail: true });
  }
  return out;
}
