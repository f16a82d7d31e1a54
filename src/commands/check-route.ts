/**
 * `mailbridge check PROFILE` with an agent running: the agent runs the checks (checks.run,
 * then checks.report), so it uses the secrets it holds, records the results in its metrics
 * (`mailbridge_check_*`) and keeps the report for `mailbridge report` (issue #8). Without
 * an agent, undefined: the command runs the checks in its own process as before.
 */
import type { CheckReport } from '../checks/check-report.js';
import type { AgentClient } from '../protocol/agent-client.js';
import { AgentNotRunningError } from '../protocol/agent-errors.js';
import { connectAgent } from '../protocol/connect-agent.js';

export async function checkProfileViaAgent(profile: string, timeoutMs: number | undefined): Promise<CheckReport | undefined> {
  let client: AgentClient;
  try {
    client = await connectAgent({ timeoutMs: 10 * 60_000 });
  } catch (error) {
    if (error instanceof AgentNotRunningError) return undefined;
    throw error;
  }
  try {
    const { runId } = await client.call('checks.run', { profile, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
    return await client.call('checks.report', { runId });
  } finally {
    client.close();
  }
}
