/**
 * The agent's own log, live, for the Sync & logs screen: subscribes to the `logs` topic
 * first, then reads the backlog with `agent.logs`, so nothing logged in between is lost
 * (a record that comes both ways is dropped by its cursor). Records arriving in a burst
 * are applied together every FLUSH_MS, so a busy agent does not redraw the screen per
 * line over a slow SSH link. Keeps the newest `keep` records.
 */
import { useEffect, useState } from 'react';
import type { AgentClient } from '../../src/protocol/index.js';
import type { LogRecord } from '../../src/protocol/schemas/log-schemas.js';

export interface AgentLogView {
  /** False when the agent has no `agent.logs` (older agent) or cannot serve it. */
  available: boolean;
  loading: boolean;
  records: LogRecord[];
  /** The level the agent logs at (records below it never exist). */
  agentLevel?: string;
  error?: string;
}

const FLUSH_MS = 100;
export const KEPT_LOG_RECORDS = 1000;

/** Appends what is newer than the last kept cursor, keeping the newest `keep`. */
export function mergeLogRecords(kept: readonly LogRecord[], incoming: readonly LogRecord[], keep = KEPT_LOG_RECORDS): LogRecord[] {
  let last = kept.at(-1)?.cursor ?? 0;
  const added: LogRecord[] = [];
  for (const record of incoming) {
    if (record.cursor <= last) continue;
    added.push(record);
    last = record.cursor;
  }
  return added.length === 0 ? (kept as LogRecord[]) : [...kept, ...added].slice(-keep);
}

export function useAgentLog(client: AgentClient, served: boolean): AgentLogView {
  const [view, setView] = useState<AgentLogView>({ available: served, loading: served, records: [] });
  useEffect(() => {
    if (!served) return;
    let disposed = false;
    let backlogRead = false;
    const pending: LogRecord[] = [];
    let timer: NodeJS.Timeout | undefined;
    const flush = (): void => {
      timer = undefined;
      if (disposed || pending.length === 0) return;
      const batch = pending.splice(0);
      setView((v) => ({ ...v, records: mergeLogRecords(v.records, batch) }));
    };
    const subscription = client.subscribe((n) => {
      if (n.method !== 'log.record') return;
      pending.push(n.params.data as LogRecord);
      if (backlogRead) timer ??= setTimeout(flush, FLUSH_MS);
    }, ['logs']);
    void subscription
      .then(() => client.call('agent.logs', { limit: KEPT_LOG_RECORDS }))
      .then((page) => {
        if (disposed) return;
        backlogRead = true;
        const early = pending.splice(0);
        setView({ available: true, loading: false, agentLevel: page.agentLevel, records: mergeLogRecords(page.records, early) });
      })
      .catch((error: unknown) => {
        if (!disposed) setView({ available: false, loading: false, records: [], error: (error as Error).message });
      });
    return () => {
      disposed = true;
      if (timer) clearTimeout(timer);
      void subscription.then((s) => s.close(), () => undefined);
    };
  }, [client, served]);
  return view;
}
