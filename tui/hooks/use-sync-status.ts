/**
 * EX-15 per staff member: the last sync attempt and its result of one profile, from the
 * agent's `sync.status`, read again whenever a sync of that profile finishes (topic
 * `runs`). Agents without the method give an empty map and `available: false`, so the
 * screen can say so instead of showing stale dashes.
 */
import { useEffect, useState } from 'react';
import type { AgentClient } from '../../src/protocol/index.js';
import type { ResultOf } from '../../src/protocol/methods.js';

export type StaffSyncStatus = ResultOf<'sync.status'>['users'][number];

export interface SyncStatusView {
  available: boolean;
  byMailbox: Map<string, StaffSyncStatus>;
}

export function useSyncStatus(client: AgentClient, methods: ReadonlySet<string>, profile: string | undefined): SyncStatusView {
  const available = methods.has('sync.status');
  const [byMailbox, setByMailbox] = useState(new Map<string, StaffSyncStatus>());
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!available || !profile) return;
    const subscription = client.subscribe((n) => {
      if (n.method === 'sync.finished' && (n.params.data as { profile?: string }).profile === profile) setGeneration((g) => g + 1);
    }, ['runs']);
    subscription.catch(() => undefined);
    return () => {
      void subscription.then((s) => s.close(), () => undefined);
    };
  }, [client, available, profile]);
  useEffect(() => {
    if (!available || !profile) return;
    let live = true;
    client.call('sync.status', { profile }).then(
      ({ users }) => live && setByMailbox(new Map(users.map((u) => [u.mailbox.toLowerCase(), u]))),
      () => live && setByMailbox(new Map()),
    );
    return () => {
      live = false;
    };
  }, [client, available, profile, generation]);
  return { available, byMailbox };
}
