/**
 * Conflict resolution (both sides changed since the last sync): the per-profile policy
 * exchange-wins / application-wins / newest-wins (default). Pure: the engine hands in
 * what it knows and writes the verdict, with its reason, to the audit table.
 */
export const CONFLICT_POLICIES = ['exchange-wins', 'application-wins', 'newest-wins'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];
export const DEFAULT_CONFLICT_POLICY: ConflictPolicy = 'newest-wins';

export type ConflictShape = 'both-changed' | 'remote-deleted-local-changed' | 'local-deleted-remote-changed';

export interface ConflictFacts {
  shape: ConflictShape;
  /** ISO instants; either may be unknown. */
  localModified?: string;
  remoteModified?: string;
}

export interface ConflictVerdict {
  winner: 'exchange' | 'application';
  reason: string;
}

function newest(facts: ConflictFacts): ConflictVerdict {
  const local = facts.localModified ? Date.parse(facts.localModified) : NaN;
  const remote = facts.remoteModified ? Date.parse(facts.remoteModified) : NaN;
  if (facts.shape === 'remote-deleted-local-changed') {
    // Exchange does not say when the item was deleted: keep the change rather than lose it.
    return { winner: 'application', reason: 'newest-wins: Exchange gives no time for the delete; the local change is kept' };
  }
  if (Number.isNaN(remote)) return { winner: 'application', reason: 'newest-wins: Exchange gave no modification time; the local change is kept' };
  if (Number.isNaN(local)) return { winner: 'exchange', reason: 'newest-wins: no local modification time; the Exchange version is kept' };
  // A tie goes to Exchange: it is the copy other people see.
  return local > remote
    ? { winner: 'application', reason: `newest-wins: local change ${facts.localModified} is newer than Exchange's ${facts.remoteModified}` }
    : { winner: 'exchange', reason: `newest-wins: Exchange change ${facts.remoteModified} is not older than the local ${facts.localModified}` };
}

export function resolveConflict(policy: ConflictPolicy, facts: ConflictFacts): ConflictVerdict {
  switch (policy) {
    case 'exchange-wins': return { winner: 'exchange', reason: `exchange-wins (${facts.shape})` };
    case 'application-wins': return { winner: 'application', reason: `application-wins (${facts.shape})` };
    case 'newest-wins': return newest(facts);
  }
}

export function isConflictPolicy(value: unknown): value is ConflictPolicy {
  return typeof value === 'string' && (CONFLICT_POLICIES as readonly string[]).includes(value);
}
