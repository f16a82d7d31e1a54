/**
 * `checks.run`, `checks.report`, `checks.cancel`: the connection checks over the socket.
 * A run starts at once and answers with its id; progress and the end arrive as
 * `run.progress` / `run.finished` events (topic `runs`). The runs themselves live in
 * agent/checks/check-runs.ts; this module only adapts them to the method table.
 */
import type { MethodHandlers } from '../call-context.js';
import type { AgentServices } from './agent-services.js';

export function checkMethods(services: AgentServices): Pick<MethodHandlers, 'checks.run' | 'checks.report' | 'checks.cancel'> {
  return {
    'checks.run': (params) => ({ runId: services.checks.start(params) }),
    'checks.report': ({ runId }) => services.checks.report(runId),
    'checks.cancel': ({ runId }) => ({ cancelled: services.checks.cancel(runId) }),
  };
}
