/**
 * How `mailbridge sync` and `mailbridge items` reach the sync subsystem: through the
 * agent when one runs (it is the only writer of the store then), otherwise in this
 * process (agent/sync/local-sync-host.ts, loaded only then). An agent that runs but
 * refuses us is an error, never a reason to write behind its back.
 */
import type { LocalSyncHost } from '../../agent/sync/local-sync-host.js';
import type { SyncEvent } from '../../agent/sync/sync-service.js';
import type { AgentClient } from '../protocol/agent-client.js';
import { AgentNotRunningError } from '../protocol/agent-errors.js';
import { connectAgent } from '../protocol/connect-agent.js';

export interface SyncRoute<T> {
  agent(client: AgentClient): Promise<T>;
  local(host: LocalSyncHost): Promise<T>;
}

export async function viaAgentOrLocal<T>(route: SyncRoute<T>, options: { schedule?: boolean; onEvent?: (event: SyncEvent) => void } = {}): Promise<T> {
  let client: AgentClient | undefined;
  try {
    client = await connectAgent({ timeoutMs: 24 * 3_600_000 });
  } catch (error) {
    if (!(error instanceof AgentNotRunningError)) throw error;
  }
  if (client) {
    try {
      return await route.agent(client);
    } finally {
      client.close();
    }
  }
  const { withLocalSync } = await import('../../agent/sync/local-sync-host.js');
  return withLocalSync(process.env, (host) => route.local(host), options);
}
