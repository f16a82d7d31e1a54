/**
 * Wire shapes of the business application's side (issue #7): the local item kinds and
 * their data, and the params/results of `items.upsert`, `items.delete`, `items.list`,
 * `items.changes`. The data shapes mirror the connector's (agent/connectors/connector.ts)
 * so what the application writes is what goes to Exchange, field for field.
 */
import { z } from 'zod';

/** Appointments and service calls go to the calendar (EX-12), contacts to Contacts, to-dos to Tasks/To Do. */
export const LOCAL_KINDS = ['appointment', 'serviceCall', 'contact', 'todo'] as const;
export const LocalKindSchema = z.enum(LOCAL_KINDS);
export type LocalKind = z.output<typeof LocalKindSchema>;

const isoInstant = z.iso.datetime({ offset: true });

export const AppointmentDataSchema = z.strictObject({
  subject: z.string().max(255),
  start: isoInstant,
  end: isoInstant,
  isAllDay: z.boolean().optional(),
  location: z.string().max(255).optional(),
  body: z.string().max(100_000).optional(),
  showAs: z.enum(['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown']).optional(),
  isPrivate: z.boolean().optional(),
  /**
   * The item's own time zone (Windows id such as "W. Europe Standard Time", or an IANA name),
   * so a series or an all-day item keeps its wall-clock times across DST changes (EX-14).
   * EWS writes it; Graph writes the instants in UTC.
   */
  timeZone: z.string().min(1).max(100).optional(),
  /** Read only: what an import with all details brought in (EX-13); never written to Exchange, so no invitation is sent. */
  organizer: z.string().max(320).optional(),
  attendees: z.array(z.string().max(320)).max(500).optional(),
}).refine((a) => Date.parse(a.end) >= Date.parse(a.start), { message: 'end must not be before start', path: ['end'] });

export const ContactDataSchema = z.strictObject({
  displayName: z.string().max(255).optional(),
  givenName: z.string().max(255).optional(),
  surname: z.string().max(255).optional(),
  companyName: z.string().max(255).optional(),
  jobTitle: z.string().max(255).optional(),
  emailAddresses: z.array(z.email()).max(3).optional(),
  businessPhone: z.string().max(64).optional(),
  mobilePhone: z.string().max(64).optional(),
});

export const TaskDataSchema = z.strictObject({
  subject: z.string().max(255),
  body: z.string().max(100_000).optional(),
  dueDate: z.iso.date().optional(),
  status: z.enum(['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred']).optional(),
});

export const ITEM_DATA_SCHEMAS = {
  appointment: AppointmentDataSchema,
  serviceCall: AppointmentDataSchema,
  contact: ContactDataSchema,
  todo: TaskDataSchema,
} as const satisfies Record<LocalKind, z.ZodType>;

/** One item to write. Without `localId` a new item is created and its id returned. */
export const ItemInputSchema = z.strictObject({
  localId: z.string().min(1).max(200).optional(),
  kind: LocalKindSchema,
  /** The staff member's mailbox (EX-15) the item belongs to. */
  mailbox: z.string().min(3).max(320),
  data: z.record(z.string(), z.unknown()),
});
export type ItemInput = z.output<typeof ItemInputSchema>;

export const LocalItemSchema = z.object({
  localId: z.string(),
  profile: z.string(),
  mailbox: z.string(),
  kind: LocalKindSchema,
  origin: z.enum(['local', 'remote']),
  data: z.record(z.string(), z.unknown()),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
  /** The change cursor this version of the item carries. */
  seq: z.number().int(),
  /** The Exchange item id it is linked to for this mailbox, when synced. */
  remoteId: z.string().nullable(),
});
export type LocalItem = z.output<typeof LocalItemSchema>;

export const ItemsUpsertParamsSchema = z.strictObject({
  profile: z.string().min(1),
  items: z.array(ItemInputSchema).min(1).max(1000),
});
export const ItemsUpsertResultSchema = z.object({
  items: z.array(z.object({ localId: z.string(), created: z.boolean(), seq: z.number().int() })),
});

export const ItemsDeleteParamsSchema = z.strictObject({
  profile: z.string().min(1),
  localIds: z.array(z.string().min(1)).min(1).max(1000),
});
export const ItemsDeleteResultSchema = z.object({ deleted: z.array(z.string()), missing: z.array(z.string()) });

export const ItemsListParamsSchema = z.strictObject({
  profile: z.string().min(1),
  kind: LocalKindSchema.optional(),
  mailbox: z.string().optional(),
  includeDeleted: z.boolean().default(false),
  limit: z.number().int().min(1).max(10_000).default(1000),
  offset: z.number().int().min(0).default(0),
});
export const ItemsListResultSchema = z.object({ items: z.array(LocalItemSchema), total: z.number().int() });

export const ItemsChangesParamsSchema = z.strictObject({
  profile: z.string().min(1),
  /** The `cursor` of the previous answer; 0 (default) = from the beginning. */
  since: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(10_000).default(1000),
});
export const ItemsChangesResultSchema = z.object({
  /** Items changed (deleted ones with deletedAt) after `since`, oldest change first. */
  changes: z.array(LocalItemSchema),
  /** Pass as `since` next time. */
  cursor: z.number().int(),
  more: z.boolean(),
});
