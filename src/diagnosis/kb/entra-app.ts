/**
 * Entra ID errors of the app-credential (client credentials) flow that the Graph connector
 * uses: client ID, tenant, secret, certificate, scope and resource (error-catalog.md §6).
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';
import { entraEntry } from './entra-entry.js';

const APP_REGISTRATION = 'In the Entra admin center open Identity > Applications > App registrations > <your app>';

export const ENTRA_APP_ENTRIES: KbEntry[] = [
  entraEntry('7000215', 'entra', 'Invalid client secret', 'Entra ID rejected the client secret. Most often the secret ID was stored instead of the secret value, or the value was copied wrongly.', [
    `${APP_REGISTRATION} > Certificates & secrets > New client secret.`,
    'Copy the Value column immediately (it is shown only once), not the Secret ID.',
    'Store it in mailbridge as the profile\'s client secret (never in the profile file) and run `mailbridge check <profile>`; entra.token must pass.',
  ], {
    likelyCauses: ['The secret ID was pasted instead of the secret value.', 'Whitespace, quotes or escaping crept into the stored value.', 'The secret belongs to another app registration.'],
    patterns: { phrases: ['Invalid client secret provided', 'Invalid client secret is provided'] }, docs: [DOCS.entraClientCredentials], rules: ['AG-2', 'AG-5'],
  }),
  entraEntry('7000222', 'entra', 'Client secret expired', 'The client secret of the app registration has passed its expiry date (secrets last at most 24 months).', [
    `${APP_REGISTRATION} > Certificates & secrets; create a new secret (or upload a certificate).`,
    'Store the new value in mailbridge, run `mailbridge check <profile>`, then delete the expired secret.',
    'Note the new expiry date; mailbridge warns ahead of it when it can read it.',
  ], { patterns: { phrases: ['client secret keys are expired', 'provided client secret keys for app'] }, docs: [DOCS.entraClientCredentials] }),
  entraEntry('700016', 'entra', 'Application not found in the tenant', 'Entra ID found no application with this client ID in the tenant named by the authority.', [
    `${APP_REGISTRATION} > Overview and copy both the Application (client) ID and the Directory (tenant) ID from the same page into the profile.`,
    'For a multi-tenant app, have an administrator of the customer tenant grant admin consent so the app exists there.',
    'If the app was deleted, restore it under App registrations > Deleted applications or create a new one.',
  ], {
    likelyCauses: ['A wrong client ID or a leftover placeholder (Enter_the_Application_Id_here).', 'The wrong tenant in the authority.', 'A multi-tenant app not yet consented in the customer tenant.', 'The app was deleted.'],
    patterns: { phrases: ['was not found in the directory'] }, docs: [DOCS.entraAdminConsent],
  }),
  entraEntry('7000218', 'entra', 'No client secret or certificate sent', 'The token request carried no client credential (client_secret or client_assertion), which a confidential app needs.', [
    'Make sure the profile has a client secret or certificate stored in mailbridge for this app.',
    'For device-code or other public-client flows, enable "Allow public client flows" under Authentication in the app registration.',
  ], { patterns: { phrases: ["must contain the following parameter: 'client_assertion' or 'client_secret'"] }, docs: [DOCS.entraClientCredentials] }),
  entraEntry('700027', 'entra', 'Certificate credential not recognised', "The client assertion was signed with a certificate Entra ID does not know for this app (\"The key was not found\"), or its signature is invalid.", [
    `${APP_REGISTRATION} > Certificates & secrets > Certificates and compare the thumbprint with the one in the error.`,
    'Upload the public part (.cer/.pem) of the certificate mailbridge uses, or point the profile at the certificate that is registered.',
    'After renewing a certificate locally, upload the new one before removing the old.',
  ], { patterns: { phrases: ['Client assertion contains an invalid signature'] }, docs: [DOCS.entraCertCredentials], rules: ['MEM-4', 'AG-2'] }),
  entraEntry('700024', 'entra', 'Client assertion outside its valid time range', 'The signed client assertion is not valid at this moment as seen by Entra ID: the clock of the agent host is off.', [
    "Check the agent host's clock: timedatectl; enable NTP synchronisation.",
    'Retry once the clock is correct.',
  ], { patterns: { phrases: ['Client assertion is not within its valid time range'] }, docs: [DOCS.entraCertCredentials, DOCS.ntp] }),
  entraEntry('70011', 'entra', 'Invalid scope', 'The scope in the token request is not valid for this flow. App-only (client credentials) requests must ask for <resource>/.default.', [
    'App-only: use exactly https://graph.microsoft.com/.default for Graph, or https://outlook.office365.com/.default for EWS in Exchange Online.',
    'Do not mix .default with other scopes; delegated flows list specific scopes without .default.',
  ], {
    likelyCauses: ['Specific scopes (Mail.Read, User.Read.All) requested with client credentials.', '.default mixed with other scopes.', 'A malformed scope URI.'],
    patterns: { phrases: ['The provided value for the input parameter \'scope\' is not valid'] }, docs: [DOCS.entraScopes],
  }),
  entraEntry('1002012', 'entra', 'Client-credential scope needs /.default', 'The scope is not valid for the client credentials flow, which requires the resource identifier followed by /.default.', [
    'Request https://graph.microsoft.com/.default (Graph) or https://outlook.office365.com/.default (EWS) instead of individual permissions.',
  ], { patterns: { phrases: ['Client credential flows must have a scope value with /.default'] }, docs: [DOCS.entraScopes] }),
  entraEntry('500011', 'entra', 'Resource not found in the tenant', 'The resource (API) named in the scope does not exist in the tenant: the URL is malformed, or the service is not provisioned there.', [
    'Check the scope string character for character: https://graph.microsoft.com/.default (no doubled https:// or //).',
    'In Enterprise applications, confirm the resource service principal exists (e.g. Office 365 Exchange Online for EWS).',
  ], {
    likelyCauses: ['A malformed resource URL (doubled scheme or slashes).', 'The resource app is not provisioned in the tenant (no Exchange Online).', 'The wrong tenant.'],
    patterns: { phrases: ['The resource principal named'] }, docs: [DOCS.entraScopes],
  }),
  entraEntry('90002', 'entra', 'Tenant not found', 'The tenant named in the authority does not exist in this cloud.', [
    'Copy the Directory (tenant) ID from Entra admin center > Overview into the profile; replace placeholders such as {tenant}.',
    'For national clouds (GCC High, 21Vianet) use that cloud\'s login host in the authority.',
  ], { patterns: { phrases: ['not found. Check to make sure you have the correct tenant ID'] }, docs: [DOCS.entraClientCredentials] }),
  entraEntry('900023', 'entra', 'Tenant identifier malformed', 'The tenant part of the authority is neither a GUID nor a domain name, usually because the authority URL has extra path segments (…/oauth2/token) or a placeholder.', [
    'Set the authority to exactly https://login.microsoftonline.com/<tenantId-or-domain>, nothing after it.',
    'Check the tenant value for "undefined" or template text.',
  ], { patterns: { phrases: ['is neither a valid DNS name, nor a valid external domain'] }, basis: 'issue', docs: [DOCS.entraClientCredentials] }),
  entraEntry('900144', 'entra', 'Token request missing a parameter', 'The token request lacks a required parameter such as scope, grant_type or client_id.', [
    'Check the profile for an empty client ID, tenant or scope; mailbridge builds the request with MSAL from those fields.',
  ], { patterns: { phrases: ['The request body must contain the following parameter'] } }),
  entraEntry('90014', 'entra', 'Required field missing from the request', 'A required field is missing from the credential or token request.', [
    'Check that every Entra field of the profile (tenant, client ID, secret or certificate) is filled in and run `mailbridge check <profile>`.',
  ], { patterns: { phrases: ['A required field for this request is missing'] } }),
  entraEntry('50059', 'entra', 'No tenant in the request (/common with app credentials)', 'No tenant could be identified: an app-only request used /common or /organizations, which needs a specific tenant.', [
    'Use the tenant-specific authority https://login.microsoftonline.com/<tenantId>.',
  ], { patterns: { phrases: ['No tenant-identifying information found'] } }),
  entraEntry('50194', 'entra', 'Single-tenant app used with /common', 'The application is not configured as multi-tenant, so the /common endpoint is not allowed for it.', [
    'Use the tenant-specific authority https://login.microsoftonline.com/<tenantId>, or make the app multi-tenant (Authentication > Supported account types).',
  ], { docs: [DOCS.entraMultiTenant] }),
  entraEntry('90055', 'throttling', 'Entra token endpoint throttled', 'Too many token requests came from this client in a short time (TenantThrottlingError).', [
    'Reuse tokens until they expire; mailbridge caches tokens per profile, so check for several agents or scripts sharing the app.',
    'Back off and retry later.',
  ], { patterns: { phrases: ['TenantThrottlingError'] } }),
  entraEntry('1002016', 'tls', 'TLS 1.0/1.1 rejected by Entra ID', 'Entra ID refused a connection made with TLS 1.0/1.1 or 3DES; they are deprecated (public cloud since 31 Jan 2022).', [
    'Make sure TLS 1.2 is used end to end, including any proxy that re-originates the connection to login.microsoftonline.com.',
    'Node 20 uses TLS 1.2 by default, so look for a TLS-intercepting proxy or a forced minVersion/secureProtocol.',
  ], { docs: [DOCS.entraTls], basis: 'doc' }),
  entraEntry('7000112', 'entra', 'Application disabled', 'The application (its service principal) is disabled in the tenant.', [
    'In Enterprise applications > <app> > Properties, set "Enabled for users to sign-in?" to Yes, or ask the tenant administrator why it was disabled.',
  ], { patterns: { phrases: ['Application is disabled'] } }),
  entraEntry('650052', 'permissions', 'Service not subscribed or enabled in the tenant', 'The app asks for access to a service (for example Exchange Online) that the organisation has not subscribed to or enabled.', [
    'License the service in the tenant (an Exchange Online plan), or remove the unused API permission from the app registration.',
  ], { docs: [DOCS.entraAdminConsent] }),
  entraEntry('650056', 'permissions', 'Misconfigured application: permission missing', 'The app registration lists no permission for the requested resource, or an administrator has not consented to it.', [
    `${APP_REGISTRATION} > API permissions > Add a permission (Microsoft Graph > Application permissions, e.g. Mail.ReadWrite, Calendars.ReadWrite).`,
    'Then Grant admin consent for <tenant>.',
  ], { patterns: { phrases: ['Misconfigured application'] }, docs: [DOCS.entraAdminConsent, DOCS.graphPermissions] }),
  entraEntry('50013', 'entra', 'Assertion signature or audience invalid', 'A token passed as an assertion (on-behalf-of) has an invalid signature or the wrong audience.', [
    'Pass a token whose aud is this application; do not forward a Graph token as the user assertion.',
  ], { basis: 'issue' }),
  entraEntry('700082', 'entra', 'Refresh token expired by inactivity', 'The refresh token expired because it was not used for a long time (90 days); the stored connection is no longer active.', [
    'Re-authenticate the connection: sign in again from the console so mailbridge stores a new token (O365-5).',
  ], { patterns: { phrases: ['The refresh token has expired due to inactivity'] }, docs: [DOCS.entraTokenLifetimes], rules: ['O365-5', 'AG-2'] }),
];
