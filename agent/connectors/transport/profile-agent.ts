/**
 * The one place a connector or check makes the https.Agent that carries a profile's
 * traffic: the profile's TLS trust and client certificate, keep-alive, the pool size the
 * caller needs, and — when the profile has a proxy (issue #7) — the CONNECT tunnel.
 */
import https from 'node:https';
import type { ConnectorTlsOptions } from './profile-trust.js';
import { ProxyTunnelAgent } from './proxy-tunnel-agent.js';

export interface AgentPool {
  maxSockets: number;
  maxFreeSockets?: number;
}

export function createProfileAgent(transport: ConnectorTlsOptions, pool: AgentPool): https.Agent {
  const { proxy, ...tls } = transport;
  const options: https.AgentOptions = { ...tls, keepAlive: true, ...pool };
  return proxy ? new ProxyTunnelAgent(proxy, options) : new https.Agent(options);
}
