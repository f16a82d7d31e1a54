/**
 * Fields every integration profile carries, whatever the mail system: identity and
 * switches (EX-6, EX-7, MEM-2), schedule (EX-7), notifications (EX-11), sync options
 * (EX-12..EX-14), staff (EX-15), the identity attribute (MEM-5) and TLS trust (EX-3).
 *
 * The schemas fix shape, types and defaults only. Ranges and cross-field rules live in
 * the rule tables (profile-rules-*.ts) so each finding names its rule ID and fix.
 */
import { z } from 'zod';
import { proxySchema } from './proxy-fields.js';

/** Defaults the rules give (EX-6, EX-13, EX-15, MEM-2, MEM-5) and the ones we chose where the source is silent. */
export const PROFILE_DEFAULTS = {
  enabled: true, // EX-6: on by default
  default: false, // MEM-2: a profile becomes the default only when marked
  identityAttribute: 'mail', // MEM-5: match users by e-mail address
  notificationAddresses: '', // EX-11: optional
  importAppointments: 'all', // EX-13: first option of the source
  sendFreeTime: true, // EX-13: on by default (off when not importing)
  pastDays: 7, // EX-14: source gives only the range 1..30
  recurringDaysAhead: 30, // EX-14: source gives only the range 1..30
  staffEnabled: false, // EX-15: never automatic
  systemTrustStore: true, // EX-3: trust the system CAs, optionally plus an internal CA file
} as const;

export const tlsTrustSchema = z.strictObject({
  /** Trust the operating system's CA store (EX-3: a certificate from a trusted CA). */
  systemTrustStore: z.boolean().default(PROFILE_DEFAULTS.systemTrustStore),
  /** An extra PEM bundle for an internal PKI; absolute path, read by the agent. */
  caFile: z.string().optional(),
});

/** EX-12: what the business application exports to Exchange. */
export const exportOptionsSchema = z.strictObject({
  appointments: z.boolean().default(false),
  /** Contacts for which the staff member is account manager or opportunity owner. */
  accountManagerContacts: z.boolean().default(false),
  serviceCalls: z.boolean().default(false),
  /** To-dos sync both ways. */
  todos: z.boolean().default(false),
  /** A public folder with ALL contacts, readable by every Exchange user (EWS only). */
  publicFolderAllContacts: z.boolean().default(false),
});

export const IMPORT_APPOINTMENT_MODES = ['all', 'noDetails', 'none'] as const;

/** EX-13: what comes back from Exchange. */
export const importOptionsSchema = z
  .strictObject({
    /** all: text and attendees; noDetails: start and end only; none: do not import. */
    appointments: z.enum(IMPORT_APPOINTMENT_MODES).default(PROFILE_DEFAULTS.importAppointments),
    /** Free-time appointments: on by default, off (disabled) when not importing. */
    sendFreeTime: z.boolean().optional(),
  })
  .transform((v) => ({
    appointments: v.appointments,
    // An explicit value is kept (a rule warns when it cannot apply); only the default depends on the mode.
    sendFreeTime: v.sendFreeTime ?? v.appointments !== 'none',
  }));

/** EX-14: calendar windows in days. Range 1..30 is checked by a rule, not here. */
export const windowsSchema = z.strictObject({
  pastDays: z.number().int().default(PROFILE_DEFAULTS.pastDays),
  recurringDaysAhead: z.number().int().default(PROFILE_DEFAULTS.recurringDaysAhead),
});

/** EX-15: one staff member (mailbox); enabled explicitly, never automatically. */
export const staffMemberSchema = z.strictObject({
  /** The value of the identity attribute (MEM-5): the e-mail address by default. */
  user: z.string(),
  enabled: z.boolean().default(PROFILE_DEFAULTS.staffEnabled),
  displayName: z.string().optional(),
});

/** The common fields, spread into each kind's schema. */
export const commonProfileFields = {
  /** EX-7: required, free text; also the key of the profile's secrets. */
  name: z.string(),
  enabled: z.boolean().default(PROFILE_DEFAULTS.enabled),
  default: z.boolean().default(PROFILE_DEFAULTS.default),
  /** EX-7: required, at least 10 (rule). The real sync may take longer than the interval. */
  intervalMinutes: z.number().int(),
  /** EX-11: addresses separated by semicolons. */
  notificationAddresses: z.string().default(PROFILE_DEFAULTS.notificationAddresses),
  /** MEM-5: the directory attribute users are matched by. */
  identityAttribute: z.string().default(PROFILE_DEFAULTS.identityAttribute),
  tls: tlsTrustSchema.prefault({}),
  /** Outbound HTTP proxy (issue #7); absent = direct connections. */
  proxy: proxySchema.optional(),
  export: exportOptionsSchema.prefault({}),
  import: importOptionsSchema.prefault({}),
  windows: windowsSchema.prefault({}),
  staff: z.array(staffMemberSchema).default([]),
};
