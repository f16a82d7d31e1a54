/**
 * Adapts the check runs (agent/checks/check-runs.ts) to the method handlers' port: turns
 * `checks.run` params into a plan through the profile repository, publishes progress on
 * the event bus, and lists the runs still going as jobs in agent.status.
 */
import type { ChecksRunParams } from '../src/checks/check-run-schemas.js';
import type { RunningJob } from '../src/protocol/schemas/agent-schemas.js';
import { CheckRuns } from './checks/check-runs.js';
import { planFromRunParams, type ProfileSource } from './checks/plan-from-params.js';
import type { EventBus } from './events/event-bus.js';
import type { SecretReader } from './checks/exchange/exchange-credentials.js';
import type { CheckRunPort } from './server/handlers/agent-services.js';

export interface CheckRunService extends CheckRunPort {
  jobs(): RunningJob[];
  close(): Promise<void>;
}

/** `secrets`: the agent's store, read by the auth.* and entra.* checks (never returned to a caller). */
export function createCheckRunService(profiles: ProfileSource, events: EventBus, secrets?: SecretReader): CheckRunService {
  const running = new Map<string, RunningJob>();
  const runs = new CheckRuns({
    publish: (event) => {
      if (event.type === 'run.finished') running.delete(event.data.runId);
      events.publish(event);
    },
  });
  return {
    start(params: ChecksRunParams) {
      const plan = planFromRunParams(params, profiles, secrets);
      const runId = runs.start(plan, params.timeoutMs !== undefined ? { timeoutMs: params.timeoutMs } : {});
      const profile = plan.target.profile;
      running.set(runId, { id: runId, kind: 'checks', ...(typeof profile === 'string' ? { profile } : {}), startedAt: new Date().toISOString() });
      return runId;
    },
    report: (runId) => runs.report(runId),
    cancel: (runId) => runs.cancel(runId),
    jobs: () => [...running.values()],
    close: () => runs.close(),
  };
}
