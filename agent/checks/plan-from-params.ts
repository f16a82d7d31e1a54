/**
 * `checks.run` params → a check plan, for the agent: resolves the profile by name (or the
 * default profile when neither profile nor server is given) through the agent's profile
 * repository and reads the CA file on the agent's host.
 */
import type { ChecksRunParams } from '../../src/checks/check-run-schemas.js';
import type { Profile } from '../../src/profiles/profile-schema.js';
import { readCaFile } from './ca-file.js';
import { checkPlan, type CheckPlan } from './check-plan.js';
import { selectChecks } from './check-selection.js';
import { draftProfile } from './draft-profile.js';
import type { SecretReader } from './exchange/exchange-credentials.js';

/** What the agent's ProfileRepository offers (list + require). */
export interface ProfileSource {
  list(): Profile[];
  require(name: string): Profile;
}

/** `secrets`: the agent's store, so auth.* and entra.* checks can read the profile's secrets (never the caller's). */
export function planFromRunParams(params: ChecksRunParams, profiles: ProfileSource, secrets?: SecretReader): CheckPlan {
  const all = params.server === undefined ? profiles.list() : [];
  const profile = params.draft !== undefined ? draftProfile(params.draft, all)
    : params.server !== undefined ? undefined : params.profile !== undefined ? profiles.require(params.profile) : all.find((p) => p.default);
  const caPath = params.caFile ?? profile?.tls.caFile;
  const caFile = caPath ? readCaFile(caPath, params.caFile ? 'caFile' : 'tls.caFile') : undefined;
  return selectChecks(checkPlan({
    ...(profile ? { profile, otherProfiles: all.filter((p) => p.name !== profile.name) } : {}),
    ...(params.server !== undefined ? { server: params.server } : {}),
    ...(params.httpsPort !== undefined ? { httpsPort: params.httpsPort } : {}),
    ...(params.ports ? { ports: params.ports } : {}),
    ...(caFile ? { caFile } : {}),
    ...(params.timeoutMs !== undefined ? { timeoutMs: params.timeoutMs } : {}),
    ...(params.impersonationSample !== undefined ? { impersonationSample: params.impersonationSample } : {}),
    ...(secrets ? { secrets } : {}),
  }), params.checks);
}
