/**
 * The one-line view of a profile used by `profiles.list` and `mailbridge profile list`:
 * name, kind, the server it talks to, and its switches.
 */
import { isOnpremProfile, type Profile, type ProfileKind } from './profile-schema.js';

export interface ProfileSummary {
  name: string;
  kind: ProfileKind;
  /** The Exchange host on-prem; the Graph host online. */
  server: string;
  enabled: boolean;
  default: boolean;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function summariseProfile(profile: Profile): ProfileSummary {
  return {
    name: profile.name,
    kind: profile.kind,
    server: isOnpremProfile(profile) ? profile.server : hostOf(profile.endpoints.graphBaseUrl),
    enabled: profile.enabled,
    default: profile.default,
  };
}
