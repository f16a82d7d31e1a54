/**
 * The one entry point the sync engine and the agent use: a connector for a saved
 * profile, EWS for on-premises profiles and Graph for Exchange Online ones. Secrets come
 * from the secret store at creation; the connector keeps them in memory only.
 */
import { isOnpremProfile, type Profile } from '../../src/profiles/profile-schema.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { Connector } from './connector.js';
import { createEwsConnector, type EwsConnectorOverrides } from './ews/create-ews-connector.js';
import { createGraphConnector, type GraphConnectorOverrides } from './graph/create-graph-connector.js';

export type ConnectorOverrides = EwsConnectorOverrides & GraphConnectorOverrides;

export async function createConnector(profile: Profile, secrets: SecretStore, overrides: ConnectorOverrides = {}): Promise<Connector> {
  return isOnpremProfile(profile) ? createEwsConnector(profile, secrets, overrides) : createGraphConnector(profile, secrets, overrides);
}
