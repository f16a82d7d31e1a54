/**
 * Builds the connector a profile needs: EWS for on-premises profiles (Graph when the
 * profile says useGraph is planned but not wired here yet), Graph for Exchange Online.
 * The Graph connector module is loaded lazily, so the agent starts even where Graph is
 * not needed.
 */
import { OperatorError } from '../../src/errors/operator-error.js';
import { isOnpremProfile, type OnlineProfile, type Profile } from '../../src/profiles/profile-schema.js';
import type { Connector } from '../connectors/connector.js';
import { createEwsConnector } from '../connectors/ews/create-ews-connector.js';
import type { SecretStore } from '../secrets/secret-store.js';

type GraphFactory = (profile: OnlineProfile, secrets: SecretStore) => Promise<Connector>;

const GRAPH_MODULE = '../connectors/graph/create-graph-connector.js';

async function loadGraphFactory(): Promise<GraphFactory> {
  try {
    const module = (await import(GRAPH_MODULE)) as { createGraphConnector?: GraphFactory };
    if (typeof module.createGraphConnector === 'function') return module.createGraphConnector;
  } catch (error) {
    throw graphUnavailable(error);
  }
  throw graphUnavailable(undefined);
}

function graphUnavailable(error: unknown): OperatorError {
  return new OperatorError({
    code: 'MB_GRAPH_CONNECTOR_UNAVAILABLE', family: 'graph',
    message: 'the Microsoft Graph connector is not available in this build',
    cause: 'Exchange Online profiles sync through the Graph connector, which this installation could not load.',
    fix: ['Reinstall mailbridge (the Graph connector ships with it), then run the sync again.'],
    underlying: error,
  });
}

export async function openConnectorFor(profile: Profile, secrets: SecretStore): Promise<Connector> {
  if (isOnpremProfile(profile)) return createEwsConnector(profile, secrets);
  const create = await loadGraphFactory();
  return create(profile, secrets);
}
