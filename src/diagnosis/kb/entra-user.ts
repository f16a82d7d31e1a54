/**
 * Entra ID errors of user sign-in flows (per-user Microsoft sign-in, O365-2): password,
 * account state, MFA, Conditional Access, consent and token revocation
 * (error-catalog.md §6).
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';
import { entraEntry } from './entra-entry.js';

const REAUTH = 'Re-authenticate the connection: mailbridge signin <profile> --user <address>, or in the console choose the profile and sign in again (O365-5).';
const PREFER_APP_ONLY = 'For an unattended integration prefer app-only access (client credentials) over a user password.';

export const ENTRA_USER_ENTRIES: KbEntry[] = [
  entraEntry('50126', 'entra', 'Invalid user name or password', 'Entra ID could not validate the user name and password.', [
    'Sign in interactively at https://myaccount.microsoft.com with the same account to confirm the password.',
    'For federated (AD FS) or password-less accounts a password flow cannot work: use the interactive sign-in or app-only access.',
    PREFER_APP_ONLY,
  ], {
    likelyCauses: ['A wrong password (often a recent change not copied to mailbridge).', 'A password flow with a federated or password-less account.', 'The UPN differs from the e-mail address.', 'The wrong tenant.'],
    patterns: { phrases: ['Error validating credentials due to invalid username or password'] },
  }),
  entraEntry('50076', 'mfa', 'Multi-factor authentication required', 'Because of a configuration change or a new location, the user must use multi-factor authentication, which a non-interactive (password) flow cannot do.', [
    'Sign in interactively from the console so the user can complete MFA.',
    PREFER_APP_ONLY,
    'Administrator: check the Conditional Access policy that applies (sign-in logs > Conditional Access tab).',
  ], {
    likelyCauses: ['Conditional Access or security defaults require MFA and the flow is non-interactive.', 'The agent runs from a new IP address or location outside the trusted locations.', 'The refresh token predates the MFA requirement.'],
    patterns: { phrases: ['you must use multi-factor authentication to access'] }, docs: [DOCS.entraConditionalAccess],
  }),
  entraEntry('50079', 'mfa', 'User must register for multi-factor authentication', 'MFA is now required for this user but the user has never registered a second factor.', [
    'Have the user register at https://aka.ms/mfasetup (Microsoft Authenticator or phone), then sign in again from the console.',
    PREFER_APP_ONLY,
  ], { patterns: { phrases: ['the user is required to use multi-factor authentication'] }, docs: [DOCS.entraMfaSetup], rules: ['O365-6', 'AG-2'] }),
  entraEntry('50072', 'mfa', 'User must enrol in a second factor', 'The user must enrol for second-factor authentication before signing in.', [
    'Have the user complete enrolment at https://aka.ms/mfasetup, then sign in again.',
  ], { docs: [DOCS.entraMfaSetup], rules: ['O365-6', 'AG-2'] }),
  entraEntry('50074', 'mfa', 'Strong authentication required', 'Entra ID requires strong (multi-factor) authentication for this sign-in.', [
    'Sign in interactively so the user can complete MFA; make sure the user has set up MFA (https://aka.ms/mfasetup).',
  ], { patterns: { phrases: ['Strong Authentication is required'] }, docs: [DOCS.entraMfaSetup] }),
  entraEntry('50158', 'mfa', 'External security challenge not satisfied', 'A third-party MFA or an external security challenge required by policy was not completed.', [
    'Sign in interactively and complete the challenge; an administrator can check the Conditional Access policy in the sign-in logs.',
  ], { docs: [DOCS.entraConditionalAccess] }),
  entraEntry('50097', 'mfa', 'Device authentication required', 'Conditional Access requires a registered or compliant device, and the agent host is not one.', [
    'Administrator: exclude the integration from the device requirement, or use app-only access, which is not tied to a device.',
  ], { docs: [DOCS.entraConditionalAccess] }),
  entraEntry('53003', 'entra', 'Blocked by Conditional Access', 'A Conditional Access policy blocked token issuance for this sign-in.', [
    'Administrator: Entra admin center > Sign-in logs, open the failed sign-in, Conditional Access tab, and find the policy that blocked it.',
    'Exclude the service account or workload identity, or add the agent\'s location as a named location, as your policy allows.',
    PREFER_APP_ONLY,
  ], {
    likelyCauses: ['The policy blocks legacy or password flows.', 'It requires a compliant device or a trusted location (the IP of a cloud VM or container).', 'It is scoped to all cloud apps.'],
    patterns: { phrases: ['BlockedByConditionalAccess', 'Access has been blocked by Conditional Access policies'] }, docs: [DOCS.entraConditionalAccess, DOCS.entraSignInLogs],
  }),
  entraEntry('530032', 'entra', 'Blocked by a tenant security policy', 'A security policy of the tenant blocks this request (for example blocking legacy authentication or risky sign-ins).', [
    'Administrator: review the tenant security policies and the sign-in log entry for this request.',
  ], { patterns: { phrases: ['BlockedByConditionalAccessOnSecurityPolicy'] }, docs: [DOCS.entraSignInLogs] }),
  entraEntry('50053', 'entra', 'Account locked', 'The account is locked after too many failed sign-ins (smart lockout), or sign-ins from this IP address look malicious.', [
    'Stop every agent or script that still uses the old password; they keep the lockout going.',
    'Wait for the lockout to expire or have an administrator unlock the account, then update the stored password in mailbridge.',
    PREFER_APP_ONLY,
  ], { patterns: { phrases: ['Your account is locked'] }, docs: [DOCS.entraSmartLockout] }),
  entraEntry('50055', 'entra', 'Password expired', "The user's password has expired.", [
    'Have the user change the password (https://myaccount.microsoft.com), then update it in mailbridge.',
  ], { patterns: { phrases: ['The password is expired'] } }),
  entraEntry('50057', 'entra', 'User account disabled', 'The user account is disabled in Entra ID.', [
    'Enable the account in the Microsoft 365 admin center (Users > Active users), or connect another account.',
  ], { patterns: { phrases: ['The user account is disabled'] } }),
  entraEntry('50034', 'entra', 'User account not found in the tenant', 'The user name does not exist in the directory the sign-in went to.', [
    'Check the user principal name for typos; it can differ from the e-mail address.',
    'Use the tenant-specific authority rather than another tenant\'s.',
  ], { patterns: { phrases: ['does not exist in the directory'] } }),
  entraEntry('50020', 'entra', 'User from another identity provider not in the tenant', 'The account (a personal Microsoft account or an external user) does not exist in this tenant and cannot use the app.', [
    'Sign in with a work or school account of the tenant, invite the user as a guest, or change the app\'s supported account types.',
  ], { docs: [DOCS.entraMultiTenant] }),
  entraEntry('50011', 'entra', 'Redirect URI mismatch', 'The redirect URI in the sign-in request is not registered for the app.', [
    'In the app registration > Authentication, add the exact redirect URI mailbridge shows (scheme, host, port, path, trailing slash) under the right platform.',
  ], { patterns: { phrases: ['does not match the redirect URIs configured'] }, docs: [DOCS.entraRedirectUri] }),
  entraEntry('50058', 'entra', 'Silent sign-in without a session', 'A silent sign-in was attempted but there is no signed-in session to use.', [
    'Sign in interactively from the console.',
  ]),
  entraEntry('50173', 'entra', 'Sign-in expired after a password change', 'The stored grant was revoked (password change or reset, administrator revocation); the connection is no longer active and needs a fresh sign-in.', [
    REAUTH,
  ], { patterns: { phrases: ['The provided grant has expired due to it being revoked'] }, docs: [DOCS.entraTokenLifetimes], rules: ['O365-5', 'AG-2'] }),
  entraEntry('50132', 'entra', 'Session revoked', 'The session is no longer valid: the password was changed or an administrator revoked sessions.', [REAUTH], { docs: [DOCS.entraTokenLifetimes], rules: ['O365-5', 'AG-2'] }),
  entraEntry('50133', 'entra', 'Session invalid after password change', 'The session became invalid because the password expired or was changed.', [REAUTH], { docs: [DOCS.entraTokenLifetimes], rules: ['O365-5', 'AG-2'] }),
  entraEntry('70008', 'entra', 'Authorisation grant expired', 'The refresh token or authorisation code has expired or been revoked; the connection is no longer active.', [REAUTH], {
    patterns: { phrases: ['The provided authorization code or refresh token has expired'] }, docs: [DOCS.entraTokenLifetimes], rules: ['O365-5', 'AG-2'],
  }),
  entraEntry('70000', 'entra', 'Invalid grant', 'The grant (authorisation code or refresh token) is invalid, expired or was issued to another client.', [REAUTH], { docs: [DOCS.entraTokenLifetimes], rules: ['O365-5', 'AG-2'] }),
  entraEntry('54005', 'entra', 'Authorisation code already used', 'The OAuth2 authorisation code was already redeemed; codes are single use.', [
    'Start the sign-in again from the console; do not reload the redirect page.',
  ]),
  entraEntry('50105', 'permissions', 'User not assigned to the application', 'The enterprise application requires user assignment and this user is not assigned.', [
    'Entra admin center > Enterprise applications > <app> > Users and groups > Add user/group, and assign the user or a group.',
  ], { patterns: { phrases: ['is not assigned to a role for the application'] }, docs: [DOCS.entraUserAssignment] }),
  entraEntry('65001', 'permissions', 'Consent missing', 'The user or administrator has not consented to the permissions the app asks for.', [
    'Entra admin center > App registrations > <app> > API permissions > Grant admin consent for <tenant>.',
    'Or open https://login.microsoftonline.com/<tenant>/adminconsent?client_id=<client-id> as an administrator.',
  ], {
    likelyCauses: ['Users may not consent in this tenant.', 'A permission was added after the last consent.'],
    patterns: { phrases: ['has not consented to use the application'] }, docs: [DOCS.entraAdminConsent],
  }),
  // The device code flow's error names (RFC 8628 §3.5: authorization_declined, expired_token) are phrases too: MSAL's message carries the name, not the number.
  entraEntry('65004', 'permissions', 'User declined consent', 'The user declined the consent prompt, so the app has no permission.', [
    'Sign in again and accept the listed permissions, or ask an administrator to grant admin consent (O365-2).',
  ], { patterns: { phrases: ['authorization_declined'] }, docs: [DOCS.entraAdminConsent], rules: ['O365-2', 'AG-2'] }),
  entraEntry('90094', 'permissions', 'Administrator consent required', 'The app asks for permissions only an administrator can grant.', [
    'An administrator grants consent: App registrations > <app> > API permissions > Grant admin consent for <tenant>.',
  ], { docs: [DOCS.entraAdminConsent] }),
  // Delegated sign-in by device code (O365-2) and the refresh token it leaves (O365-5).
  entraEntry('70016', 'entra', 'Sign-in pending (device code)', 'The device code sign-in has not been completed yet: the user has not entered the code and signed in. Clients keep polling; it is an error only if it never ends.', [
    'Open the page the sign-in shows, enter the code and sign in with the mailbox owner\'s Microsoft account before the code expires (15 minutes).',
  ], { patterns: { phrases: ['Authorization is pending'] }, docs: [DOCS.entraDeviceCode], rules: ['O365-2', 'AG-2'] }),
  entraEntry('70020', 'entra', 'Device code expired', 'Nobody completed the device code sign-in within its lifetime (15 minutes), so the code is no longer valid.', [
    'Start the sign-in again and enter the new code promptly.',
  ], { patterns: { phrases: ['This device code has expired', 'expired_token'] }, docs: [DOCS.entraDeviceCode], rules: ['O365-2', 'AG-2'] }),
  entraEntry('70043', 'entra', 'Sign-in frequency requires a new sign-in', 'A Conditional Access sign-in frequency policy limits how long a refresh token may be used; the stored connection is no longer active.', [
    REAUTH,
    'Administrator: check the sign-in frequency session control of the Conditional Access policy if this happens too often.',
  ], { patterns: { phrases: ['due to sign-in frequency checks by conditional access'] }, docs: [DOCS.entraConditionalAccess, DOCS.entraTokenLifetimes], rules: ['O365-5', 'AG-2'] }),
  entraEntry('9002313', 'entra', 'Malformed token request', 'Entra could not read the request, for example an unknown or damaged refresh token.', [
    REAUTH,
  ], { docs: [DOCS.entraTokenLifetimes], rules: ['O365-5', 'AG-2'] }),
  {
    code: 'MB_REAUTH_WRONG_ACCOUNT', family: 'entra', title: 'A different Microsoft account signed in',
    cause: 'The device code sign-in was completed with another Microsoft account than the mailbox this connection is for; mailbridge kept nothing of it.',
    fix: ['Sign in again and use the mailbox owner\'s own account (sign out of other accounts in the browser first).'],
    patterns: {}, docs: [DOCS.entraDeviceCode], rules: ['O365-2', 'AG-2'], basis: 'doc',
  },
];
