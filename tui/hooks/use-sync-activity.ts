/**
 * What the console sees of sync while it runs: `sync.progress` and `sync.finished` events
 * (topic `runs`) folded into per-profile progress (mailboxes and folders done, item
 * counts), the runs finished since the console opened, and a log of what happened.
 */
import { useEffect, useState } from 'react';
import type { AgentClient } from '../../src/protocol/index.js';
import type { SyncSummary } from '../../src/protocol/schemas/sync-schemas.js';

export interface SyncProgressView {
  runId: string;
  profile: string;
  foldersStarted: number;
  foldersDone: number;
  foldersFailed: number;
  items: number;
  mailboxes: Set<string>;
}

export interface SyncLogLine {
  at: Date;
  level: 'info' | 'warn' | 'error';
  text: string;
}

export interface SyncActivity {
  running: Map<string, SyncProgressView>;
  finished: Array<{ at: Date; summary: SyncSummary }>;
  log: SyncLogLine[];
}

interface ProgressData {
  runId: string; profile: string; mailbox: string; folder: string; phase: 'started' | 'finished' | 'failed';
  counts?: Record<string, number>; error?: string;
}

const MAX_LOG = 500;

export function useSyncActivity(client: AgentClient): SyncActivity {
  const [activity, setActivity] = useState<SyncActivity>({ running: new Map(), finished: [], log: [] });
  useEffect(() => {
    const subscription = client.subscribe((n) => {
      if (n.method === 'sync.progress') {
        const d = n.params.data as unknown as ProgressData;
        setActivity((a) => {
          const running = new Map(a.running);
          const before = running.get(d.profile) ?? { runId: d.runId, profile: d.profile, foldersStarted: 0, foldersDone: 0, foldersFailed: 0, items: 0, mailboxes: new Set<string>() };
          const items = Object.values(d.counts ?? {}).reduce((sum, v) => sum + v, 0);
          running.set(d.profile, {
            ...before,
            mailboxes: new Set([...before.mailboxes, d.mailbox]),
            foldersStarted: before.foldersStarted + (d.phase === 'started' ? 1 : 0),
            foldersDone: before.foldersDone + (d.phase === 'finished' ? 1 : 0),
            foldersFailed: before.foldersFailed + (d.phase === 'failed' ? 1 : 0),
            items: before.items + items,
          });
          const line: SyncLogLine = d.phase === 'failed'
            ? { at: new Date(), level: 'error', text: `${d.profile} ${d.mailbox} ${d.folder}: ${d.error ?? 'failed'}` }
            : { at: new Date(), level: 'info', text: `${d.profile} ${d.mailbox} ${d.folder}: ${d.phase}${items ? ` (${items} items)` : ''}` };
          return { ...a, running, log: [...a.log, line].slice(-MAX_LOG) };
        });
      } else if (n.method === 'sync.finished') {
        const d = n.params.data as unknown as { profile: string; summary: SyncSummary };
        setActivity((a) => {
          const running = new Map(a.running);
          running.delete(d.profile);
          const s = d.summary;
          const line: SyncLogLine = { at: new Date(), level: s.errors.length ? 'warn' : 'info', text: `${d.profile}: sync finished, ${s.created} created, ${s.updated} updated, ${s.deleted} deleted, ${s.imported} imported, ${s.errors.length} errors` };
          return { running, finished: [...a.finished, { at: new Date(), summary: s }], log: [...a.log, line].slice(-MAX_LOG) };
        });
      }
    }, ['runs']);
    subscription.catch(() => undefined);
    return () => {
      void subscription.then((s) => s.close(), () => undefined);
    };
  }, [client]);
  return activity;
}
