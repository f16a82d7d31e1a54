/**
 * Symptoms without a code (requirements M365-1, INT-2, INT-3, O365-5, O365-6): recognised
 * from how operators and users describe them. Ranked below any real code in the same text.
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

export const SYMPTOM_ENTRIES: KbEntry[] = [
  {
    code: 'MB_MOBILE_QUARANTINE_24H', family: 'mailbox', title: 'Phone quarantined for 24 hours after adding the account',
    cause: 'With "recommend Outlook for iOS and Android" turned on in the Microsoft 365 admin center, a user who adds the account to another mail app gets a message and that device is quarantined for 24 hours: no mail, calendar or contacts updates (M365-1).',
    fix: [
      'Tell the user to wait 24 hours, or to use Outlook for iOS/Android.',
      'Administrator: Microsoft 365 admin center > Settings > Org settings > Mail > Mobile access (recommend Outlook); turn it off if third-party apps are allowed.',
      'Release the device now: Exchange admin center > Mobile > Quarantine, or Set-CASMailbox <user> -ActiveSyncAllowedDeviceIDs @{Add="<device-id>"}.',
    ],
    patterns: { phrases: ['quarantined for 24 hours', 'no mail for a day', 'no mail since yesterday', 'phone gets no mail', 'device is quarantined', 'recommend Outlook'] },
    docs: [DOCS.mobileOutlookRecommend, DOCS.easDeviceAccess], rules: ['M365-1', 'AG-2'], basis: 'doc', specificity: 65,
  },
  {
    code: 'MB_DEVICE_PROFILE_MISSING', family: 'config', title: 'Device never receives its email profile',
    cause: 'Email profiles are assigned to user groups, not device groups; a device without a primary user never gets one; with certificate authentication the email, certificate and trusted-root profiles must go to the same groups (INT-2).',
    fix: [
      'Assign the email profile to a user group that contains the user.',
      'Make sure the device has a primary user (enrolled by the user, not a shared/kiosk enrolment).',
      'With certificate authentication, assign the certificate and trusted-root profiles to the same user groups as the email profile.',
    ],
    patterns: { phrases: ['email profile not received', 'profile is not deployed', 'email profile missing', 'no primary user'] },
    docs: [DOCS.intuneEmailProfiles, DOCS.intuneEmailTroubleshoot], rules: ['INT-2', 'MEM-4', 'AG-2'], basis: 'doc', specificity: 65,
  },
  {
    code: 'MB_DEVICE_PROFILE_DUPLICATE', family: 'config', title: 'Duplicate email profiles on a device',
    cause: 'Two email profiles for the same address reach one device. Android (Knox) detects duplicates by address and overwrites; iOS by host and address and blocks the new profile; Windows by host and address and overwrites (INT-3).',
    fix: [
      'Keep exactly one email profile per address per device; never several profiles with one address on different hosts.',
      'Remove the older profile assignment, then sync the device.',
    ],
    patterns: { phrases: ['duplicate email profile', 'duplicate profile', 'profile already exists'] },
    docs: [DOCS.intuneEmailTroubleshoot, DOCS.intuneEmailProfiles], rules: ['INT-3', 'AG-2'], basis: 'doc', specificity: 65,
  },
  {
    code: 'MB_CONNECTION_NO_LONGER_ACTIVE', family: 'entra', title: 'Connection no longer active: re-authenticate',
    cause: 'The Microsoft 365 connection of this user no longer works: its sign-in was revoked or expired (password change, inactivity, administrator revocation). The user must sign in again (O365-5).',
    fix: [
      'Re-authenticate: in the console open the user\'s connection and choose Re-authenticate, then sign in with Microsoft and consent.',
      'If signing in times out (error 524), set up two-factor authentication for the account first (O365-6).',
    ],
    patterns: { phrases: ['connection no longer active', 'please re-authenticate', 'connection is no longer active', 'interaction_required', 'invalid_grant'] },
    docs: [DOCS.entraTokenLifetimes, DOCS.entraErrorCodes], rules: ['O365-5', 'O365-6', 'AG-2'], basis: 'doc', specificity: 62,
  },
  {
    code: 'MB_SIGN_IN_TIMEOUT_NO_2FA', family: 'mfa', title: 'Sign-in times out because 2FA was never set up',
    cause: 'Signing in to Microsoft again times out (shown as error 524) when two-factor authentication is not set up on the Microsoft account (O365-6).',
    fix: [
      'Set up two-factor authentication for the account at https://aka.ms/mfasetup (or the administrator enables it), then sign in again and re-authenticate the connection.',
    ],
    patterns: { phrases: ['time-out when signing in', 'timeout when signing in', 'timed out while signing in', 'time-out at re-login', 'sign-in times out'] },
    docs: [DOCS.entraMfaSetup], rules: ['O365-6', 'O365-5', 'AG-2'], basis: 'doc', specificity: 70, refines: ['HTTP_524'],
  },
];
