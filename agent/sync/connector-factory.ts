/**
 * The connector a profile needs (EWS on-premises, Graph online), through the connectors'
 * own entry point; one seam, so the service and the CLI host build connectors alike.
 */
import type { Profile } from '../../src/profiles/profile-schema.js';
import type { Connector } from '../connectors/connector.js';
import { createConnector } from '../connectors/create-connector.js';
import type { SecretStore } from '../secrets/secret-store.js';

export function openConnectorFor(profile: Profile, secrets: SecretStore): Promise<Connector> {
  return createConnector(profile, secrets);
}
