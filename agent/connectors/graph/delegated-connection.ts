/**
 * The per-user Microsoft 365 connection of a delegated profile (O365-2): which user a
 * connector acts for, the device-code sign-in the console / CLI runs for that user, and
 * the token source the Graph connector uses afterwards. Trust is the profile's (CA file),
 * the sign-in state lives in the secret store (SecretStoreTokenCache).
 */
import type https from 'node:https';
import { OperatorError } from '../../../src/errors/operator-error.js';
import type { OnlineProfile } from '../../../src/profiles/online-profile-schema.js';
import type { SecretStore } from '../../secrets/secret-store.js';
import { loadTrustedCas } from '../transport/profile-trust.js';
import { createProfileAgent } from '../transport/profile-agent.js';
import { loadProxyRoute } from '../transport/proxy-route.js';
import { RoundTripCounter } from '../transport/round-trip-counter.js';
import { DelegatedTokenSource, type DeviceCodePrompt } from './delegated-token-source.js';

/** Graph origin of a profile: `https://graph.microsoft.com/v1.0` → `https://graph.microsoft.com`. */
function graphOriginOf(profile: OnlineProfile): string {
  return new URL(profile.endpoints.graphBaseUrl).origin;
}

/**
 * The user a delegated connector acts for: the one asked for (must be an enabled staff
 * member), or the profile's only enabled staff member.
 */
export function delegatedUserOf(profile: OnlineProfile, wanted?: string): string {
  const enabled = profile.staff.filter((s) => s.enabled).map((s) => s.user);
  if (wanted !== undefined) {
    const match = enabled.find((u) => u.toLowerCase() === wanted.toLowerCase());
    if (match !== undefined) return match;
    throw new OperatorError({
      message: `profile ${profile.name}: ${wanted} is not an enabled staff member`,
      code: 'MB_DELEGATED_USER_UNKNOWN', family: 'config', field: 'staff', rule: 'O365-2',
      cause: 'A delegated connection signs in as one of the profile\'s staff members and reads only that person\'s mailbox.',
      fix: [`Add ${wanted} to the profile's staff (mailbridge staff add ${profile.name} ${wanted}), or pick one of: ${enabled.join(', ') || '(none)'}.`],
    });
  }
  if (enabled.length === 1) return enabled[0] as string;
  throw new OperatorError({
    message: `profile ${profile.name}: a delegated connection is per user; say which staff member (${enabled.length} enabled)`,
    code: 'MB_DELEGATED_USER_REQUIRED', family: 'config', field: 'staff', rule: 'O365-2',
    cause: 'With delegated sign-in each user connects their own mailbox, so a connector acts for one user at a time.',
    fix: ['Create the connector with { delegatedUser: "<address>" } (one per signed-in staff member).'],
  });
}

export interface DelegatedConnection {
  tokens: DelegatedTokenSource;
  agent: https.Agent;
  counter: RoundTripCounter;
  close(): void;
}

/** The token source of one user of a delegated profile, over the profile's trust. */
export async function openDelegatedConnection(
  profile: OnlineProfile, secrets: SecretStore, user: string,
  shared?: { agent: https.Agent; counter: RoundTripCounter },
): Promise<DelegatedConnection> {
  let agent = shared?.agent;
  if (agent === undefined) {
    const ca = await loadTrustedCas(profile.tls);
    const proxy = await loadProxyRoute(profile, secrets);
    agent = createProfileAgent({ ...(ca ? { ca } : {}), ...(proxy ? { proxy } : {}) }, { maxSockets: 4 });
  }
  const counter = shared?.counter ?? new RoundTripCounter();
  const tokens = new DelegatedTokenSource({
    profile: profile.name, authorityHost: profile.endpoints.authorityHost, tenant: profile.tenant, clientId: profile.clientId,
    graphOrigin: graphOriginOf(profile), user, secrets, agent, counter,
  });
  const own = shared === undefined;
  return { tokens, agent, counter, close: () => { if (own) agent.destroy(); } };
}

/**
 * O365-2 "connect": the user signs in with Microsoft by device code. `onPrompt` gets the
 * page and code to show; resolves once the sign-in is stored. Follow with the checks
 * ("Validate connection").
 */
export async function signInDelegatedUser(
  profile: OnlineProfile, secrets: SecretStore, user: string, onPrompt: (prompt: DeviceCodePrompt) => void,
  options: { timeoutSeconds?: number } = {},
): Promise<{ username: string }> {
  const connection = await openDelegatedConnection(profile, secrets, delegatedUserOf(profile, user));
  try {
    return await connection.tokens.signIn(onPrompt, options);
  } finally {
    connection.close();
  }
}
