/**
 * The Exchange Online (Microsoft 365) profile, reached through Microsoft Graph:
 * tenant and app registration, credential kind (O365-2, MEM-4), account type (O365-1),
 * folder selection (O365-3), shared mailboxes (O365-4) and the endpoints, configurable
 * for national clouds and the lab.
 */
import { z } from 'zod';
import { commonProfileFields } from './common-profile-fields.js';
import { mailSelectionFields } from './mail-selection-fields.js';
import { secretSlot } from './secret-reference.js';

export const ONLINE_KIND = 'exchange-online' as const;

/** O365-1 account types. */
export const ACCOUNT_TYPES = ['workOrSchool', 'personal', 'shared'] as const;

/** The worldwide cloud; national clouds and the lab override these. */
export const DEFAULT_ENDPOINTS = {
  authorityHost: 'https://login.microsoftonline.com',
  graphBaseUrl: 'https://graph.microsoft.com',
} as const;

const clientSecretCredentialsSchema = z.strictObject({
  kind: z.literal('clientSecret'),
  /** App-only: the app registration's client secret, kept in the secret store. */
  clientSecret: secretSlot('clientSecret'),
});

const certificateCredentialsSchema = z.strictObject({
  kind: z.literal('clientCertificate'),
  /** MEM-4: the certificate uploaded to the app registration (PEM, public part), absolute path. */
  certificateFile: z.string(),
  privateKey: secretSlot('certificateKey'),
});

/** O365-2: each user signs in with Microsoft and consents; tokens are kept by the sign-in flow. */
const delegatedCredentialsSchema = z.strictObject({
  kind: z.literal('delegated'),
});

export const onlineCredentialsSchema = z.discriminatedUnion('kind', [
  clientSecretCredentialsSchema,
  certificateCredentialsSchema,
  delegatedCredentialsSchema,
]);

export const onlineProfileSchema = z.strictObject({
  kind: z.literal(ONLINE_KIND),
  ...commonProfileFields,
  /** Tenant ID (GUID), a verified domain, or common/organizations/consumers. */
  tenant: z.string(),
  /** The app registration's application (client) ID. */
  clientId: z.string(),
  credentials: onlineCredentialsSchema,
  accountType: z.enum(ACCOUNT_TYPES).default('workOrSchool'),
  /** O365-3 folder selection (default: the Inbox) and O365-4 shared mailboxes. */
  ...mailSelectionFields(['Inbox']),
  endpoints: z
    .strictObject({
      authorityHost: z.string().default(DEFAULT_ENDPOINTS.authorityHost),
      graphBaseUrl: z.string().default(DEFAULT_ENDPOINTS.graphBaseUrl),
    })
    .prefault({}),
});

export type OnlineProfile = z.output<typeof onlineProfileSchema>;
export type OnlineProfileInput = z.input<typeof onlineProfileSchema>;
