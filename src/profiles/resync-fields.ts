/**
 * EX-9: the fields whose change resyncs all items when the profile is saved (version,
 * server address, virtual directory, domain), as data, and the comparison that finds
 * which of them a save changes. A save during a running sync is queued (the sync engine
 * applies it when the sync ends) rather than refused as in the source product.
 */
import type { Profile, ProfileKind } from './profile-schema.js';

export interface ResyncField {
  kind: ProfileKind;
  /** Dotted path into the profile. */
  path: string;
  label: string;
}

export const RESYNC_FIELDS: readonly ResyncField[] = [
  { kind: 'exchange-onprem', path: 'exchangeVersion', label: 'version' },
  { kind: 'exchange-onprem', path: 'server', label: 'Exchange server address' },
  { kind: 'exchange-onprem', path: 'virtualDirectory', label: 'virtual directory' },
  { kind: 'exchange-onprem', path: 'credentials.domain', label: 'domain' },
];

function valueAt(profile: Profile, dotted: string): unknown {
  let current: unknown = profile;
  for (const key of dotted.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The resync fields that differ between the stored and the new profile; empty for a new profile. */
export function changedResyncFields(before: Profile | undefined, after: Profile): string[] {
  if (!before || before.kind !== after.kind) return [];
  return RESYNC_FIELDS.filter((f) => f.kind === after.kind)
    .filter((f) => {
      const a = valueAt(before, f.path);
      const b = valueAt(after, f.path);
      // Host names and domains compare case-insensitively: changing only the case is no new server.
      return typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() !== b.toLowerCase() : a !== b;
    })
    .map((f) => f.path);
}
