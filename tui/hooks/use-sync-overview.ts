/**
 * What the agent says of each profile's sync schedule and of past runs: `sync.overview`
 * (last finished run, next scheduled run, running) and, when asked for, `sync.history`
 * (stored runs newest first, including those from before the console opened). Both are
 * read again when a sync finishes (topic `runs`) or the agent's sync jobs change. Agents
 * without the methods give `available: false`, so screens can say so.
 */
import { useEffect, useState } from 'react';
import type { AgentClient } from '../../src/protocol/index.js';
import type { ResultOf } from '../../src/protocol/methods.js';
import type { SyncRunRecord } from '../../src/protocol/schemas/sync-overview-schemas.js';
import type { AgentConnection } from './use-agent.js';

export type ProfileSyncOverview = ResultOf<'sync.overview'>['profiles'][number];

export interface SyncOverviewView {
  available: boolean;
  byProfile: Map<string, ProfileSyncOverview>;
  /** Stored runs newest first (only when asked for with `historyLimit`). */
  history: SyncRunRecord[];
}

type Connected = Extract<AgentConnection, { state: 'connected' }>;

/** Changes whenever a sync starts or ends or the profile list changes. */
function syncShape(connection: Connected): string {
  const jobs = connection.status.jobs.filter((j) => j.kind.startsWith('sync')).map((j) => `${j.profile ?? ''}:${j.id}`);
  return `${connection.profiles.map((p) => `${p.name}/${p.enabled ? 1 : 0}`).join(',')}|${jobs.join(',')}`;
}

function useFinishedSyncs(client: AgentClient, enabled: boolean): number {
  const [finished, setFinished] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    const subscription = client.subscribe((n) => {
      if (n.method === 'sync.finished') setFinished((f) => f + 1);
    }, ['runs']);
    subscription.catch(() => undefined);
    return () => {
      void subscription.then((s) => s.close(), () => undefined);
    };
  }, [client, enabled]);
  return finished;
}

export function useSyncOverview(connection: Connected, historyLimit?: number): SyncOverviewView {
  const { client, methods } = connection;
  const available = methods.has('sync.overview');
  const withHistory = historyLimit !== undefined && methods.has('sync.history');
  const [byProfile, setByProfile] = useState(new Map<string, ProfileSyncOverview>());
  const [history, setHistory] = useState<SyncRunRecord[]>([]);
  const finished = useFinishedSyncs(client, available);
  const shape = syncShape(connection);
  useEffect(() => {
    if (!available) return;
    let live = true;
    client.call('sync.overview', {}).then(
      ({ profiles }) => live && setByProfile(new Map(profiles.map((p) => [p.profile, p]))),
      () => undefined,
    );
    if (withHistory) {
      client.call('sync.history', { limit: historyLimit }).then(({ runs }) => live && setHistory(runs), () => undefined);
    }
    return () => {
      live = false;
    };
  }, [client, available, withHistory, historyLimit, shape, finished]);
  return { available, byProfile, history };
}
