/**
 * What an item or a message is, as both connectors hand it to the engine and take it back:
 * appointment, contact and task data (the fields the application and Exchange share), a
 * remote item with its ids, and the message shapes of ingestion and notices. Kept apart from
 * the connector operations (connector.ts), which re-exports them.
 */

/** The item kinds that sync both ways. Messages are only read (ingestion) and sent (EX-11). */
export type ItemKind = 'appointment' | 'contact' | 'task';

/** How an appointment relates to a recurring series. */
export type AppointmentType = 'single' | 'occurrence' | 'exception' | 'seriesMaster';

export type ShowAs = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';

export interface AppointmentData {
  subject: string;
  /** ISO instants (UTC). */
  start: string;
  end: string;
  isAllDay?: boolean;
  location?: string;
  /** Plain text. */
  body?: string;
  showAs?: ShowAs;
  isPrivate?: boolean;
  /**
   * The item's own time zone as the server names it (Windows id, e.g.
   * "W. Europe Standard Time"), for all-day items and series across DST changes.
   * Graph: originalStartTimeZone, read only. EWS: StartTimeZone/@Id, read, and written as Start/EndTimeZone when set (ews/ews-time-zone.ts).
   */
  timeZone?: string;
  /** Read only (import with all details, EX-13): connectors never write attendees, so no invitation is ever sent. */
  organizer?: string;
  attendees?: string[];
}

export interface ContactData {
  displayName?: string;
  givenName?: string;
  surname?: string;
  companyName?: string;
  jobTitle?: string;
  emailAddresses?: string[];
  businessPhone?: string;
  mobilePhone?: string;
}

export type TaskStatus = 'notStarted' | 'inProgress' | 'completed' | 'waitingOnOthers' | 'deferred';

export interface TaskData {
  subject: string;
  body?: string;
  /** Date only, `YYYY-MM-DD` (tasks are floating, no time zone). */
  dueDate?: string;
  status?: TaskStatus;
}

export interface ItemDataByKind {
  appointment: AppointmentData;
  contact: ContactData;
  task: TaskData;
}

export interface RemoteItem<K extends ItemKind = ItemKind> {
  kind: K;
  id: string;
  changeKey?: string;
  /** The mailbridge local id from the extended property, when the item carries one. */
  localId?: string;
  /** ISO instant of the server's last modification, when known. */
  lastModified?: string;
  data: ItemDataByKind[K];
  /** Appointments only. */
  appointmentType?: AppointmentType;
  /** Appointments that are occurrences or exceptions: the series master's id. */
  seriesMasterId?: string;
}

export type RemoteAppointment = RemoteItem<'appointment'>;

export interface MessageSummary {
  id: string;
  /** Internet Message-ID, the de-duplication key (O365-4). */
  internetMessageId?: string;
  subject?: string;
  from?: string;
  /** ISO instant. */
  receivedAt?: string;
  size?: number;
}

export interface FetchedMessage {
  summary: MessageSummary;
  /** The RFC 5322 source, stored as an `.eml` file. */
  mime: Buffer;
}

export interface OutgoingMail {
  to: string[];
  subject: string;
  /** Plain text. */
  body: string;
}
