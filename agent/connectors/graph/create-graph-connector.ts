/**
 * Builds a GraphConnector from a saved Exchange Online profile and the secret store:
 * endpoints (authority host, Graph base URL — national clouds and the lab), the profile's
 * TLS trust as one https agent shared by MSAL and the Graph client, and the app credential
 * (client secret or certificate, MEM-4) whose secret value comes from SecretStore.get.
 * Delegated profiles (O365-2) get a connector for one signed-in user (`delegatedUser`, or the
 * only enabled staff member) whose token comes silently from the stored sign-in
 * (delegated-connection.ts); a lost sign-in surfaces as ReauthenticationRequiredError (O365-5).
 */
import { readFile } from 'node:fs/promises';
import { Client } from '@microsoft/microsoft-graph-client';
import type { OnlineProfile } from '../../../src/profiles/online-profile-schema.js';
import type { SecretStore } from '../../secrets/secret-store.js';
import { loadTrustedCas } from '../transport/profile-trust.js';
import { createProfileAgent } from '../transport/profile-agent.js';
import { loadProxyRoute } from '../transport/proxy-route.js';
import { RoundTripCounter } from '../transport/round-trip-counter.js';
import { GraphConnector } from './graph-connector.js';
import { GraphTokenSource, type AppCredential } from './graph-token-source.js';
import { ProfileGraphMiddleware } from './profile-graph-middleware.js';
import { delegatedUserOf, openDelegatedConnection } from './delegated-connection.js';
import { requireSecret } from '../require-secret.js';

/** `https://graph.microsoft.com` → `https://graph.microsoft.com/v1.0`; a URL with a version is kept. */
export function graphApiRootOf(graphBaseUrl: string): string {
  const trimmed = graphBaseUrl.replace(/\/+$/, '');
  return /\/(v1\.0|beta)$/i.test(trimmed) ? trimmed : `${trimmed}/v1.0`;
}

export interface GraphConnectorOverrides {
  maxConnections?: number;
  /** Delegated profiles: the staff member (address) whose own mailbox this connector reads. */
  delegatedUser?: string;
}

export async function createGraphConnector(profile: OnlineProfile, secrets: SecretStore, overrides: GraphConnectorOverrides = {}): Promise<GraphConnector> {
  const creds = profile.credentials;
  let credential: AppCredential | null = null;
  if (creds.kind === 'clientSecret') credential = { kind: 'clientSecret', clientSecret: await requireSecret(secrets, profile.name, creds.clientSecret.secret, 'client secret') };
  else if (creds.kind === 'clientCertificate') {
    credential = {
      kind: 'clientCertificate',
      certificatePem: await readFile(creds.certificateFile, 'utf8'),
      privateKeyPem: await requireSecret(secrets, profile.name, creds.privateKey.secret, 'certificate private key'),
    };
  }
  const delegatedUser = credential === null ? delegatedUserOf(profile, overrides.delegatedUser) : null;
  const ca = await loadTrustedCas(profile.tls);
  // Issue #7: MSAL and Graph share the agent, so both go through the profile's proxy.
  const proxy = await loadProxyRoute(profile, secrets);
  // Outlook allows 4 concurrent requests per mailbox (sync-semantics.md §2.7).
  const agent = createProfileAgent({ ...(ca ? { ca } : {}), ...(proxy ? { proxy } : {}) }, { maxSockets: overrides.maxConnections ?? 4 });
  const counter = new RoundTripCounter();
  const graphApiRoot = graphApiRootOf(profile.endpoints.graphBaseUrl);
  const origin = new URL(graphApiRoot).origin;
  const tokens = credential !== null
    ? new GraphTokenSource({
      authorityHost: profile.endpoints.authorityHost, tenant: profile.tenant, clientId: profile.clientId, credential, graphOrigin: origin, agent, counter,
    })
    : (await openDelegatedConnection(profile, secrets, delegatedUser as string, { agent, counter })).tokens;
  const client = Client.initWithMiddleware({ middleware: new ProfileGraphMiddleware(agent, tokens, counter), baseUrl: `${origin}/`, customHosts: new Set([new URL(origin).hostname]) });
  return new GraphConnector({
    profile: profile.name, graphApiRoot, client, counter,
    staff: profile.staff.filter((s) => s.enabled && (delegatedUser === null || s.user.toLowerCase() === delegatedUser.toLowerCase())).map((s) => ({ address: s.user, role: 'staff' as const, ...(s.displayName ? { displayName: s.displayName } : {}) })),
    shared: profile.sharedMailboxes.map((address) => ({ address, role: 'shared' as const })),
    close: () => agent.destroy(),
  });
}
