/**
 * `agent.hello` and `agent.status`, and the status document the snapshot reuses.
 */
import { RPC_ERRORS, RpcErrorCode } from '../../../src/protocol/error-codes.js';
import { METHOD_NAMES } from '../../../src/protocol/methods.js';
import type { AgentStatus } from '../../../src/protocol/schemas/agent-schemas.js';
import { MAILBRIDGE_VERSION, PROTOCOL_VERSION } from '../../../src/version.js';
import type { MethodHandlers } from '../call-context.js';
import { MethodError } from '../method-error.js';
import type { AgentServices } from './agent-services.js';

export async function buildStatus(services: AgentServices): Promise<AgentStatus> {
  const { backend } = services.secrets;
  const store = services.store.info();
  const profiles = await services.profiles.list();
  return {
    agentVersion: MAILBRIDGE_VERSION,
    protocol: PROTOCOL_VERSION,
    nodeVersion: process.version,
    pid: process.pid,
    startedAt: services.startedAt.toISOString(),
    uptimeSeconds: Math.round((Date.now() - services.startedAt.getTime()) / 100) / 10,
    socketPath: services.socketPath,
    configDir: services.configDir,
    stateDir: services.stateDir,
    store: { path: store.path, schemaVersion: store.schemaVersion, journalMode: store.journalMode },
    secretBackend: {
      name: backend.name,
      reason: backend.reason,
      writable: backend.writable,
      ...(backend.fallback ? { fallback: { name: backend.fallback.name, reason: backend.fallback.reason } } : {}),
    },
    profiles: { count: profiles.profiles.length, default: profiles.default ?? null },
    jobs: services.jobs(),
  };
}

export function agentMethods(services: AgentServices): Pick<MethodHandlers, 'agent.hello' | 'agent.status'> {
  return {
    'agent.hello': (params) => {
      if (params.protocol !== undefined && params.protocol !== PROTOCOL_VERSION) {
        throw new MethodError(RpcErrorCode.ProtocolMismatch, `this agent speaks protocol ${PROTOCOL_VERSION}; the client asked for ${params.protocol}`, {
          code: RPC_ERRORS[RpcErrorCode.ProtocolMismatch].mbCode,
          family: 'other',
          cause: `Agent ${MAILBRIDGE_VERSION} and the client are different major versions of mailbridge.`,
          fix: ['Upgrade (or downgrade) so the agent and the CLI are the same mailbridge version, then restart the agent.'],
          details: { agentProtocol: PROTOCOL_VERSION, clientProtocol: params.protocol },
        });
      }
      return {
        protocol: PROTOCOL_VERSION,
        agentVersion: MAILBRIDGE_VERSION,
        secretBackend: services.secrets.backend.name,
        pid: process.pid,
        methods: METHOD_NAMES,
      };
    },
    'agent.status': () => buildStatus(services),
  };
}
