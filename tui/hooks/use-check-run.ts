/**
 * One check run at a time through the agent: `checks.run` answers with a run id, the
 * `run.progress` events fill in each check live (running, then its result), and at
 * `run.finished` the full report is fetched with `checks.report`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CheckReport, CheckResult } from '../../src/checks/check-report.js';
import type { ChecksRunParams, RunProgress } from '../../src/checks/check-run-schemas.js';
import type { AgentClient, Subscription } from '../../src/protocol/index.js';

export interface LiveCheck {
  id: string;
  title: string;
  result?: CheckResult;
}

export interface CheckRunState {
  phase: 'idle' | 'running' | 'done' | 'failed';
  runId?: string;
  checks: LiveCheck[];
  report?: CheckReport;
  error?: string;
}

export interface CheckRun {
  state: CheckRunState;
  start(params: ChecksRunParams): Promise<CheckReport | undefined>;
}

export function useCheckRun(client: AgentClient): CheckRun {
  const [state, setState] = useState<CheckRunState>({ phase: 'idle', checks: [] });
  const runId = useRef<string | undefined>(undefined);
  const subscription = useRef<Promise<Subscription> | undefined>(undefined);
  const waiters = useRef(new Map<string, (ok: boolean) => void>());

  const onProgress = useCallback((data: RunProgress) => {
    if (data.runId !== runId.current) return;
    setState((s) => {
      const checks = [...s.checks];
      const index = checks.findIndex((c) => c.id === data.checkId);
      const entry: LiveCheck = data.phase === 'finished' ? { id: data.checkId, title: data.title, result: data.result } : { id: data.checkId, title: data.title };
      if (index >= 0) checks[index] = entry;
      else checks.push(entry);
      return { ...s, checks };
    });
  }, []);

  useEffect(() => {
    subscription.current = client.subscribe((n) => {
      const data = n.params.data as { runId?: string };
      if (n.method === 'run.progress') onProgress(n.params.data as RunProgress);
      else if (n.method === 'run.finished' && data.runId) waiters.current.get(data.runId)?.(true);
    }, ['runs']);
    subscription.current.catch(() => undefined);
    return () => {
      void subscription.current?.then((s) => s.close(), () => undefined);
    };
  }, [client, onProgress]);

  const start = useCallback(async (params: ChecksRunParams) => {
    setState({ phase: 'running', checks: [] });
    try {
      await subscription.current;
      const { runId: id } = await client.call('checks.run', params);
      runId.current = id;
      setState((s) => ({ ...s, runId: id }));
      // The report waits for the run; run.finished only tells us sooner.
      const report = await client.call('checks.report', { runId: id });
      const ordered = report.checks.map((c) => ({ id: c.id, title: c.title, result: c }));
      setState({ phase: 'done', runId: id, checks: ordered, report });
      return report;
    } catch (error) {
      setState((s) => ({ ...s, phase: 'failed', error: (error as Error).message }));
      return undefined;
    }
  }, [client]);

  return { state, start };
}
