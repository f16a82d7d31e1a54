/**
 * The one entry point the sync engine and the agent use: a connector for a saved
 * profile, EWS for on-premises profiles and Graph for Exchange Online ones. Secrets come
 * from the secret store at creation; the connector keeps them in memory only.
 *
 * The implementations load on first use (dynamic import): ews-javascript-api, msal-node and
 * the Graph client cost about a second to import, and the agent must answer the console
 * within 3 s of starting (issue #6) — long before its first sync needs a connector.
 */
import { isOnpremProfile, type Profile } from '../../src/profiles/profile-schema.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { Connector } from './connector.js';
import type { EwsConnectorOverrides } from './ews/create-ews-connector.js';
import type { GraphConnectorOverrides } from './graph/create-graph-connector.js';

export type ConnectorOverrides = EwsConnectorOverrides & GraphConnectorOverrides;

export async function createConnector(profile: Profile, secrets: SecretStore, overrides: ConnectorOverrides = {}): Promise<Connector> {
  if (isOnpremProfile(profile)) {
    const { createEwsConnector } = await import('./ews/create-ews-connector.js');
    return createEwsConnector(profile, secrets, overrides);
  }
  const { createGraphConnector } = await import('./graph/create-graph-connector.js');
  return createGraphConnector(profile, secrets, overrides);
}
