/**
 * One check run at a time through the agent: `checks.run` answers with a run id, the
 * `run.progress` events fill in each check live (running, then its result), and at
 * `run.finished` the full report is fetched with `checks.report`. A re-run of some checks
 * (`checks.run` with `checks`, which also runs what they depend on) keeps the other results
 * and merges the new ones into the last report.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { summarize, type CheckReport, type CheckResult } from '../../src/checks/check-report.js';
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
  /** Runs `params.checks` (and their dependencies) and merges them into the last report. */
  rerun(params: ChecksRunParams & { checks: string[] }): Promise<CheckReport | undefined>;
}

/** The last report with the re-run checks replaced (and any new ones appended), summary recounted. */
export function mergeReports(previous: CheckReport | undefined, next: CheckReport): CheckReport {
  if (!previous) return next;
  const fresh = new Map(next.checks.map((c) => [c.id, c]));
  const checks = [...previous.checks.map((c) => fresh.get(c.id) ?? c), ...next.checks.filter((c) => !previous.checks.some((p) => p.id === c.id))];
  return { ...previous, startedAt: next.startedAt, durationMs: next.durationMs, checks, summary: summarize(checks) };
}

export function useCheckRun(client: AgentClient): CheckRun {
  const [state, setState] = useState<CheckRunState>({ phase: 'idle', checks: [] });
  const runId = useRef<string | undefined>(undefined);
  const subscription = useRef<Promise<Subscription> | undefined>(undefined);
  const waiters = useRef(new Map<string, (ok: boolean) => void>());
  const lastReport = useRef<CheckReport | undefined>(undefined);

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

  const execute = useCallback(async (params: ChecksRunParams, merge: boolean) => {
    setState((s) => (merge ? { ...s, phase: 'running', error: undefined } : { phase: 'running', checks: [] }));
    try {
      await subscription.current;
      const { runId: id } = await client.call('checks.run', params);
      runId.current = id;
      setState((s) => ({ ...s, runId: id }));
      // The report waits for the run; run.finished only tells us sooner.
      const fetched = await client.call('checks.report', { runId: id });
      const report = merge ? mergeReports(lastReport.current, fetched) : fetched;
      lastReport.current = report;
      const ordered = report.checks.map((c) => ({ id: c.id, title: c.title, result: c }));
      setState({ phase: 'done', runId: id, checks: ordered, report });
      return report;
    } catch (error) {
      setState((s) => ({ ...s, phase: 'failed', error: (error as Error).message }));
      return undefined;
    }
  }, [client]);
  const start = useCallback((params: ChecksRunParams) => execute(params, false), [execute]);
  const rerun = useCallback((params: ChecksRunParams & { checks: string[] }) => execute(params, true), [execute]);

  return { state, start, rerun };
}
