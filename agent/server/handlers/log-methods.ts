/**
 * `agent.logs` over the socket: the agent's recent log records from the in-memory ring
 * (agent/logging/log-ring.ts), scrubbed of secrets before they ever reached it. Building
 * the handlers also connects the ring to the event bus, so `log.record` notifications flow
 * to subscribers of the `logs` topic — one place owns the log surface of the protocol.
 */
import { OperatorError } from '../../../src/errors/operator-error.js';
import { bridgeLogsToEvents } from '../../logging/log-event-bridge.js';
import type { MethodHandlers } from '../call-context.js';
import type { AgentServices } from './agent-services.js';

function unavailable(): OperatorError {
  return new OperatorError({
    code: 'MB_LOGS_UNAVAILABLE', family: 'other',
    message: 'this agent keeps no log records to serve',
    cause: 'The agent was started without its service log destination (an embedded or test agent), so it has no in-memory log.',
    fix: ['Start the full agent (`mailbridge agent`, or the systemd service) and try again; `mailbridge logs` reads the log file when no agent runs.'],
  });
}

export function logMethods(services: AgentServices): Pick<MethodHandlers, 'agent.logs'> {
  const ring = services.logs;
  if (ring) bridgeLogsToEvents(ring, services.events);
  return {
    'agent.logs': ({ since, level, limit }) => {
      if (!ring) throw unavailable();
      const page = ring.query({ since, level, limit });
      return { ...page, capacity: ring.capacity, agentLevel: services.log.level };
    },
  };
}
