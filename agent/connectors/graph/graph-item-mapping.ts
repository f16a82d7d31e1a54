/**
 * Between Graph JSON (event, contact, todoTask, message) and the connector's data types.
 * Times travel in UTC (`Prefer: outlook.timezone="UTC"` on reads, timeZone "UTC" on writes).
 * The local id rides in the mailbridge singleValueExtendedProperty for events and contacts;
 * To Do tasks have no extended properties, so it goes into a linkedResource's externalId
 * (sync-semantics.md §2.5).
 */
import type {
  AppointmentData, AppointmentType, ContactData, ItemDataByKind, ItemKind, MessageSummary, RemoteItem, ShowAs, TaskData, TaskStatus,
} from '../connector.js';
import { GRAPH_LOCAL_ID_PROPERTY_ID } from '../local-id-property.js';

export type Json = Record<string, unknown>;

export const LINKED_RESOURCE_APP = 'mailbridge';

const SHOW_AS: readonly ShowAs[] = ['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'];
const TASK_STATUS: readonly TaskStatus[] = ['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred'];
const EVENT_TYPE: Record<string, AppointmentType> = { singleInstance: 'single', occurrence: 'occurrence', exception: 'exception', seriesMaster: 'seriesMaster' };

function rec(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A dateTimeTimeZone in UTC → ISO instant (Graph omits the zone designator). */
export function instantOf(value: unknown): string | undefined {
  const v = rec(value);
  const dt = str(v.dateTime);
  if (!dt) return undefined;
  // Every read asks for UTC (Prefer: outlook.timezone="UTC"), so a wall time without an
  // offset is a UTC wall time.
  const hasOffset = /(Z|[+-]\d{2}:\d{2})$/.test(dt);
  const ms = Date.parse(hasOffset ? dt : `${dt}Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function utc(isoInstant: string): Json {
  return { dateTime: new Date(Date.parse(isoInstant)).toISOString().replace('Z', ''), timeZone: 'UTC' };
}

export function localIdOf(json: Json, kind: ItemKind): string | undefined {
  if (kind === 'task') {
    const linked = Array.isArray(json.linkedResources) ? json.linkedResources.map(rec) : [];
    return str(linked.find((l) => l.applicationName === LINKED_RESOURCE_APP)?.externalId);
  }
  const props = Array.isArray(json.singleValueExtendedProperties) ? json.singleValueExtendedProperties.map(rec) : [];
  return str(props.find((p) => typeof p.id === 'string' && p.id.toLowerCase() === GRAPH_LOCAL_ID_PROPERTY_ID.toLowerCase())?.value);
}

export function readEvent(e: Json): AppointmentData {
  const data: AppointmentData = { subject: str(e.subject) ?? '', start: instantOf(e.start) ?? '', end: instantOf(e.end) ?? '' };
  if (typeof e.isAllDay === 'boolean') data.isAllDay = e.isAllDay;
  const location = str(rec(e.location).displayName);
  if (location) data.location = location;
  const body = str(rec(e.body).content);
  if (body) data.body = body;
  if (SHOW_AS.includes(e.showAs as ShowAs)) data.showAs = e.showAs as ShowAs;
  if (typeof e.sensitivity === 'string') data.isPrivate = e.sensitivity === 'private';
  const zone = str(e.originalStartTimeZone);
  if (zone) data.timeZone = zone;
  const organizer = str(rec(rec(e.organizer).emailAddress).address);
  if (organizer) data.organizer = organizer;
  const attendees = (Array.isArray(e.attendees) ? e.attendees : []).map((a) => str(rec(rec(a).emailAddress).address)).filter((a): a is string => a !== undefined);
  if (attendees.length > 0) data.attendees = attendees;
  return data;
}

export function readContact(c: Json): ContactData {
  const data: ContactData = {};
  for (const k of ['displayName', 'givenName', 'surname', 'companyName', 'jobTitle', 'mobilePhone'] as const) {
    const v = str(c[k]);
    if (v) data[k] = v;
  }
  const emails = (Array.isArray(c.emailAddresses) ? c.emailAddresses : []).map((a) => str(rec(a).address)).filter((a): a is string => a !== undefined);
  if (emails.length > 0) data.emailAddresses = emails;
  const phone = Array.isArray(c.businessPhones) ? str(c.businessPhones[0]) : undefined;
  if (phone) data.businessPhone = phone;
  return data;
}

export function readTask(t: Json): TaskData {
  const data: TaskData = { subject: str(t.title) ?? '' };
  const body = str(rec(t.body).content);
  if (body) data.body = body;
  const due = instantOf(t.dueDateTime);
  if (due) data.dueDate = due.slice(0, 10);
  if (TASK_STATUS.includes(t.status as TaskStatus)) data.status = t.status as TaskStatus;
  return data;
}

export function writeEvent(d: Partial<AppointmentData>): Json {
  const out: Json = {};
  if (d.subject !== undefined) out.subject = d.subject;
  if (d.body !== undefined) out.body = { contentType: 'text', content: d.body };
  if (d.start !== undefined) out.start = utc(d.start);
  if (d.end !== undefined) out.end = utc(d.end);
  if (d.isAllDay !== undefined) out.isAllDay = d.isAllDay;
  if (d.location !== undefined) out.location = { displayName: d.location };
  if (d.showAs !== undefined) out.showAs = d.showAs;
  if (d.isPrivate !== undefined) out.sensitivity = d.isPrivate ? 'private' : 'normal';
  return out;
}

export function writeContact(d: Partial<ContactData>): Json {
  const out: Json = {};
  for (const k of ['displayName', 'givenName', 'surname', 'companyName', 'jobTitle', 'mobilePhone'] as const) if (d[k] !== undefined) out[k] = d[k];
  if (d.emailAddresses !== undefined) out.emailAddresses = d.emailAddresses.map((address) => ({ address, name: address }));
  if (d.businessPhone !== undefined) out.businessPhones = [d.businessPhone];
  return out;
}

export function writeTask(d: Partial<TaskData>): Json {
  const out: Json = {};
  if (d.subject !== undefined) out.title = d.subject;
  if (d.body !== undefined) out.body = { contentType: 'text', content: d.body };
  if (d.dueDate !== undefined) out.dueDateTime = { dateTime: `${d.dueDate}T00:00:00.0000000`, timeZone: 'UTC' };
  if (d.status !== undefined) out.status = d.status;
  return out;
}

export function writeItem<K extends ItemKind>(kind: K, data: Partial<ItemDataByKind[K]>): Json {
  if (kind === 'appointment') return writeEvent(data as Partial<AppointmentData>);
  if (kind === 'contact') return writeContact(data as Partial<ContactData>);
  return writeTask(data as Partial<TaskData>);
}

/** The body fields that stamp a new item with its local id. */
export function localIdFields(kind: ItemKind, localId: string): Json {
  if (kind === 'task') return { linkedResources: [{ applicationName: LINKED_RESOURCE_APP, displayName: 'mailbridge', externalId: localId }] };
  const stamp: Json = { singleValueExtendedProperties: [{ id: GRAPH_LOCAL_ID_PROPERTY_ID, value: localId }] };
  // transactionId makes a retried event POST return the event it already created.
  return kind === 'appointment' ? { ...stamp, transactionId: localId } : stamp;
}

export function toRemoteItem<K extends ItemKind>(kind: K, json: Json): RemoteItem<K> {
  const data = (kind === 'appointment' ? readEvent(json) : kind === 'contact' ? readContact(json) : readTask(json)) as ItemDataByKind[K];
  const out: RemoteItem<K> = { kind, id: String(json.id), data };
  const changeKey = str(json.changeKey) ?? str(json['@odata.etag']);
  if (changeKey) out.changeKey = changeKey;
  const localId = localIdOf(json, kind);
  if (localId) out.localId = localId;
  const modified = str(json.lastModifiedDateTime);
  if (modified && !Number.isNaN(Date.parse(modified))) out.lastModified = new Date(Date.parse(modified)).toISOString();
  if (kind === 'appointment') {
    const type = EVENT_TYPE[String(json.type)];
    if (type) out.appointmentType = type;
    const master = str(json.seriesMasterId);
    if (master) out.seriesMasterId = master;
  }
  return out;
}

export const MESSAGE_SELECT = 'id,internetMessageId,subject,from,receivedDateTime';

export function messageSummary(m: Json): MessageSummary {
  const out: MessageSummary = { id: String(m.id) };
  const imid = str(m.internetMessageId);
  if (imid) out.internetMessageId = imid;
  if (typeof m.subject === 'string') out.subject = m.subject;
  const from = str(rec(rec(m.from).emailAddress).address);
  if (from) out.from = from;
  const received = str(m.receivedDateTime);
  if (received) out.receivedAt = new Date(Date.parse(received)).toISOString();
  return out;
}
