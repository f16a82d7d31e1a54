/**
 * The on-premises (or third-party-hosted) Exchange profile, reached through EWS:
 * server details (EX-7, EX-9), ports (EX-2), the sync account (EX-4, EX-5, EX-10) or a
 * client certificate (MEM-4), the mail selection (O365-3, O365-4; nothing by default), plus
 * the common fields.
 */
import { z } from 'zod';
import { commonProfileFields } from './common-profile-fields.js';
import { mailSelectionFields } from './mail-selection-fields.js';
import { secretSlot } from './secret-reference.js';

export const ONPREM_KIND = 'exchange-onprem' as const;

/** EX-9 names "version" among the resync fields: the Exchange version the connector speaks. */
export const EXCHANGE_VERSIONS = ['auto', 'Exchange2013', 'Exchange2016', 'Exchange2019', 'ExchangeSE'] as const;

/** EX-5: NTLM preferred on-prem; Basic allowed but deprecated (a rule warns). */
export const ONPREM_AUTH_METHODS = ['ntlm', 'basic'] as const;

/** EX-10: impersonation = the sync account acts for every mailbox; perUser = each user's own credentials. */
export const CREDENTIAL_MODES = ['impersonation', 'perUser'] as const;

const credentialMode = z.enum(CREDENTIAL_MODES).default('impersonation');

const passwordCredentialsSchema = z.strictObject({
  kind: z.literal('password'),
  authMethod: z.enum(ONPREM_AUTH_METHODS).default('ntlm'),
  /** EX-4: the dedicated sync account: `user`, `DOMAIN\user` or `user@domain`. */
  user: z.string(),
  /** EX-4: not needed when `user` already contains the domain. */
  domain: z.string().default(''),
  /** EX-4: at most 128 characters, kept in the secret store. */
  password: secretSlot('password'),
  mode: credentialMode,
});

const certificateCredentialsSchema = z.strictObject({
  kind: z.literal('clientCertificate'),
  /** MEM-4: the client certificate (PEM, public part), absolute path. */
  certificateFile: z.string(),
  /** MEM-4: its private key (PEM), kept in the secret store. */
  privateKey: secretSlot('certificateKey'),
  /** The account the certificate maps to, for logs and impersonation. */
  user: z.string().default(''),
  mode: credentialMode,
});

export const onpremCredentialsSchema = z.discriminatedUnion('kind', [passwordCredentialsSchema, certificateCredentialsSchema]);

/** EX-2: the standard ports, each mappable to another (a NAT, or the lab's ephemeral ports). */
export const portMappingSchema = z.strictObject({
  http: z.number().int().default(80),
  https: z.number().int().default(443),
  /** TCP 2610: the allowed alternative when 80 and 443 are not available. */
  alternate: z.number().int().default(2610),
});

export const onpremProfileSchema = z.strictObject({
  kind: z.literal(ONPREM_KIND),
  ...commonProfileFields,
  /** EX-7: the Exchange server's host name, never an IP address. */
  server: z.string(),
  /** EX-7: off when hosted on-premises. */
  hostedByThirdParty: z.boolean().default(false),
  /** EX-7: normally empty, meaning the default EWS path /EWS/Exchange.asmx. */
  virtualDirectory: z.string().default(''),
  exchangeVersion: z.enum(EXCHANGE_VERSIONS).default('auto'),
  /** EX-7: use MS Graph; not available with Basic authentication. */
  useGraph: z.boolean().default(false),
  ports: portMappingSchema.prefault({}),
  credentials: onpremCredentialsSchema,
  /**
   * O365-3 folder selection and O365-4 shared mailboxes, read through EWS as Graph reads them
   * online. Nothing is selected by default, so a profile saved before ingestion existed keeps
   * syncing exactly what it did: storing copies of mail starts only when an operator chooses it.
   */
  ...mailSelectionFields([]),
});

export type OnpremProfile = z.output<typeof onpremProfileSchema>;
export type OnpremProfileInput = z.input<typeof onpremProfileSchema>;
