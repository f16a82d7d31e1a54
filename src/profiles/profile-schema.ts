/**
 * The integration profile: a discriminated union on `kind` of the on-premises EWS
 * profile and the Exchange Online profile. This is the shape stored in profiles.json,
 * sent over the socket (profiles.get/put) and written by `mailbridge profile export`.
 */
import { z } from 'zod';
import { onlineProfileSchema, ONLINE_KIND, type OnlineProfile } from './online-profile-schema.js';
import { onpremProfileSchema, ONPREM_KIND, type OnpremProfile } from './onprem-profile-schema.js';

export const PROFILE_KINDS = [ONPREM_KIND, ONLINE_KIND] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

export const profileSchema = z.discriminatedUnion('kind', [onpremProfileSchema, onlineProfileSchema]);

/** A profile after parsing: every default filled in. */
export type Profile = OnpremProfile | OnlineProfile;
/** A profile as written by hand: defaults may be left out. */
export type ProfileInput = z.input<typeof profileSchema>;

export function isOnpremProfile(profile: Profile): profile is OnpremProfile {
  return profile.kind === ONPREM_KIND;
}

export function isOnlineProfile(profile: Profile): profile is OnlineProfile {
  return profile.kind === ONLINE_KIND;
}

export { ONLINE_KIND, ONPREM_KIND };
export type { OnlineProfile, OnpremProfile };
