/**
 * Between ews-javascript-api's item objects and the connector's plain data types
 * (AppointmentData, ContactData, TaskData), plus the property sets each read asks for.
 * Only this file knows the library's enums and dictionaries for items.
 */
import ews from 'ews-javascript-api';
import type {
  AppointmentData, AppointmentType, ContactData, ItemDataByKind, ItemKind, RemoteItem, ShowAs, TaskData, TaskStatus,
} from '../connector.js';
import { LOCAL_ID_PROPERTY_NAME, MAILBRIDGE_PROPERTY_SET } from '../local-id-property.js';
import { readTimeZoneId, writeTimeZone, zoneToWrite } from './ews-time-zone.js';

export const LOCAL_ID_PROPERTY = new ews.ExtendedPropertyDefinition(new ews.Guid(MAILBRIDGE_PROPERTY_SET), LOCAL_ID_PROPERTY_NAME, ews.MapiPropertyType.String);

/**
 * What readAppointment reads that FindItem can return too (CalendarView): named one by one
 * instead of AllProperties, which brings some thirty more elements per item, among them a
 * second full time zone definition (EndTimeZone) — the bench's peak RSS with AllProperties
 * was 60 MB higher. StartTimeZone is the item's own zone (ews-time-zone.ts).
 */
export const APPOINTMENT_SUMMARY_PROPERTIES: readonly ews.PropertyDefinitionBase[] = [
  ews.ItemSchema.Subject, ews.ItemSchema.Sensitivity, ews.ItemSchema.LastModifiedTime,
  ews.AppointmentSchema.Start, ews.AppointmentSchema.End, ews.AppointmentSchema.IsAllDayEvent, ews.AppointmentSchema.Location,
  ews.AppointmentSchema.LegacyFreeBusyStatus, ews.AppointmentSchema.Organizer, ews.AppointmentSchema.AppointmentType,
  ews.AppointmentSchema.StartTimeZone,
];

/** What only GetItem returns (FindItem refuses them). */
const APPOINTMENT_DETAIL_PROPERTIES: readonly ews.PropertyDefinitionBase[] = [
  ews.ItemSchema.Body, ews.AppointmentSchema.RequiredAttendees, ews.AppointmentSchema.OptionalAttendees,
];

/**
 * Full read with the plain-text body and the local id: appointments what readAppointment
 * reads, other kinds their first-class properties.
 */
export function fullPropertySet(kind: ItemKind): ews.PropertySet {
  const set = kind === 'appointment'
    ? new ews.PropertySet(ews.BasePropertySet.IdOnly, [...APPOINTMENT_SUMMARY_PROPERTIES, ...APPOINTMENT_DETAIL_PROPERTIES, LOCAL_ID_PROPERTY])
    : new ews.PropertySet(ews.BasePropertySet.FirstClassProperties, [LOCAL_ID_PROPERTY]);
  set.RequestedBodyType = ews.BodyType.Text;
  return set;
}

/** Ids and the local id only (lookups). */
export function localIdPropertySet(): ews.PropertySet {
  return new ews.PropertySet(ews.BasePropertySet.IdOnly, [LOCAL_ID_PROPERTY]);
}

const SHOW_AS: Array<[ShowAs, ews.LegacyFreeBusyStatus]> = [
  ['free', ews.LegacyFreeBusyStatus.Free], ['tentative', ews.LegacyFreeBusyStatus.Tentative], ['busy', ews.LegacyFreeBusyStatus.Busy],
  ['oof', ews.LegacyFreeBusyStatus.OOF], ['workingElsewhere', ews.LegacyFreeBusyStatus.WorkingElsewhere], ['unknown', ews.LegacyFreeBusyStatus.NoData],
];

const TASK_STATUS: Array<[TaskStatus, ews.TaskStatus]> = [
  ['notStarted', ews.TaskStatus.NotStarted], ['inProgress', ews.TaskStatus.InProgress], ['completed', ews.TaskStatus.Completed],
  ['waitingOnOthers', ews.TaskStatus.WaitingOnOthers], ['deferred', ews.TaskStatus.Deferred],
];

const APPOINTMENT_TYPE: Array<[AppointmentType, ews.AppointmentType]> = [
  ['single', ews.AppointmentType.Single], ['occurrence', ews.AppointmentType.Occurrence],
  ['exception', ews.AppointmentType.Exception], ['seriesMaster', ews.AppointmentType.RecurringMaster],
];

function forward<A, B>(table: Array<[A, B]>, a: A): B | undefined {
  return table.find(([x]) => x === a)?.[1];
}

function backward<A, B>(table: Array<[A, B]>, b: B): A | undefined {
  return table.find(([, y]) => y === b)?.[0];
}

/** A property the server did not send reads as undefined instead of throwing. */
function read<T>(get: () => T): T | undefined {
  try {
    const v = get();
    return v === null ? undefined : v;
  } catch {
    return undefined;
  }
}

function iso(dt: ews.DateTime | undefined): string | undefined {
  return dt ? new Date(dt.TotalMilliSeconds).toISOString() : undefined;
}

function ewsDate(isoInstant: string): ews.DateTime {
  return new ews.DateTime(Date.parse(isoInstant));
}

function bodyText(item: ews.Item): string | undefined {
  const body = read(() => item.Body);
  return body ? read(() => body.Text) ?? undefined : undefined;
}

export function localIdOf(item: ews.Item): string | undefined {
  const props = read(() => item.ExtendedProperties.GetEnumerator()) ?? [];
  const found = props.find((p) => read(() => p.PropertyDefinition.Name) === LOCAL_ID_PROPERTY_NAME);
  return found ? String(found.Value) : undefined;
}

export function readAppointment(a: ews.Appointment): AppointmentData {
  const data: AppointmentData = {
    subject: read(() => a.Subject) ?? '',
    start: iso(read(() => a.Start)) ?? '',
    end: iso(read(() => a.End)) ?? '',
  };
  const allDay = read(() => a.IsAllDayEvent);
  if (allDay !== undefined) data.isAllDay = allDay;
  const location = read(() => a.Location);
  if (location) data.location = location;
  const body = bodyText(a);
  if (body) data.body = body;
  const status = read(() => a.LegacyFreeBusyStatus);
  const showAs = status === undefined ? undefined : backward(SHOW_AS, status);
  if (showAs) data.showAs = showAs;
  const sensitivity = read(() => a.Sensitivity);
  if (sensitivity !== undefined) data.isPrivate = sensitivity === ews.Sensitivity.Private;
  const zone = readTimeZoneId(a);
  if (zone) data.timeZone = zone;
  const organizer = read(() => a.Organizer?.Address);
  if (organizer) data.organizer = organizer;
  const attendees = [
    ...(read(() => a.RequiredAttendees.GetEnumerator()) ?? []), ...(read(() => a.OptionalAttendees.GetEnumerator()) ?? []),
  ].map((x) => read(() => x.Address)).filter((x): x is string => typeof x === 'string' && x !== '');
  if (attendees.length > 0) data.attendees = attendees;
  return data;
}

export function readContact(c: ews.Contact): ContactData {
  const data: ContactData = {};
  const set = <K extends keyof ContactData>(k: K, v: ContactData[K] | undefined): void => { if (v !== undefined && v !== '') data[k] = v; };
  set('displayName', read(() => c.DisplayName));
  set('givenName', read(() => c.GivenName));
  set('surname', read(() => c.Surname));
  set('companyName', read(() => c.CompanyName));
  set('jobTitle', read(() => c.JobTitle));
  const emails: string[] = [];
  for (const key of [ews.EmailAddressKey.EmailAddress1, ews.EmailAddressKey.EmailAddress2, ews.EmailAddressKey.EmailAddress3]) {
    const address = read(() => (c.EmailAddresses.Contains(key) ? c.EmailAddresses._getItem(key).Address : undefined));
    if (address) emails.push(address);
  }
  if (emails.length > 0) data.emailAddresses = emails;
  set('businessPhone', read(() => (c.PhoneNumbers.Contains(ews.PhoneNumberKey.BusinessPhone) ? c.PhoneNumbers._getItem(ews.PhoneNumberKey.BusinessPhone) : undefined)));
  set('mobilePhone', read(() => (c.PhoneNumbers.Contains(ews.PhoneNumberKey.MobilePhone) ? c.PhoneNumbers._getItem(ews.PhoneNumberKey.MobilePhone) : undefined)));
  return data;
}

export function readTask(t: ews.Task): TaskData {
  const data: TaskData = { subject: read(() => t.Subject) ?? '' };
  const body = bodyText(t);
  if (body) data.body = body;
  const due = iso(read(() => t.DueDate));
  if (due) data.dueDate = due.slice(0, 10);
  const status = read(() => t.Status);
  const mapped = status === undefined ? undefined : backward(TASK_STATUS, status);
  if (mapped) data.status = mapped;
  return data;
}

export function writeAppointment(a: ews.Appointment, data: Partial<AppointmentData>): void {
  const zone = zoneToWrite(data, readTimeZoneId(a));
  if (zone) writeTimeZone(a, zone);
  if (data.subject !== undefined) a.Subject = data.subject;
  if (data.start !== undefined) a.Start = ewsDate(data.start);
  if (data.end !== undefined) a.End = ewsDate(data.end);
  if (data.isAllDay !== undefined) a.IsAllDayEvent = data.isAllDay;
  if (data.location !== undefined) a.Location = data.location;
  if (data.body !== undefined) a.Body = new ews.MessageBody(ews.BodyType.Text, data.body);
  const status = data.showAs === undefined ? undefined : forward(SHOW_AS, data.showAs);
  if (status !== undefined) a.LegacyFreeBusyStatus = status;
  if (data.isPrivate !== undefined) a.Sensitivity = data.isPrivate ? ews.Sensitivity.Private : ews.Sensitivity.Normal;
}

export function writeContact(c: ews.Contact, data: Partial<ContactData>): void {
  if (data.displayName !== undefined) c.DisplayName = data.displayName;
  if (data.givenName !== undefined) c.GivenName = data.givenName;
  if (data.surname !== undefined) c.Surname = data.surname;
  if (data.companyName !== undefined) c.CompanyName = data.companyName;
  if (data.jobTitle !== undefined) c.JobTitle = data.jobTitle;
  const keys = [ews.EmailAddressKey.EmailAddress1, ews.EmailAddressKey.EmailAddress2, ews.EmailAddressKey.EmailAddress3];
  data.emailAddresses?.slice(0, keys.length).forEach((address, i) => c.EmailAddresses._setItem(keys[i] as ews.EmailAddressKey, new ews.EmailAddress(address)));
  if (data.businessPhone !== undefined) c.PhoneNumbers._setItem(ews.PhoneNumberKey.BusinessPhone, data.businessPhone);
  if (data.mobilePhone !== undefined) c.PhoneNumbers._setItem(ews.PhoneNumberKey.MobilePhone, data.mobilePhone);
}

export function writeTask(t: ews.Task, data: Partial<TaskData>): void {
  if (data.subject !== undefined) t.Subject = data.subject;
  if (data.body !== undefined) t.Body = new ews.MessageBody(ews.BodyType.Text, data.body);
  if (data.dueDate !== undefined) t.DueDate = ewsDate(`${data.dueDate}T00:00:00Z`);
  const status = data.status === undefined ? undefined : forward(TASK_STATUS, data.status);
  if (status !== undefined) t.Status = status;
}

/** A bound item as the connector's RemoteItem. */
export function toRemoteItem<K extends ItemKind>(kind: K, item: ews.Item): RemoteItem<K> {
  const data = (kind === 'appointment' ? readAppointment(item as ews.Appointment)
    : kind === 'contact' ? readContact(item as ews.Contact) : readTask(item as ews.Task)) as ItemDataByKind[K];
  const out: RemoteItem<K> = { kind, id: item.Id.UniqueId, data };
  const changeKey = read(() => item.Id.ChangeKey);
  if (changeKey) out.changeKey = changeKey;
  const localId = localIdOf(item);
  if (localId) out.localId = localId;
  const modified = iso(read(() => item.LastModifiedTime));
  if (modified) out.lastModified = modified;
  if (kind === 'appointment') {
    const type = read(() => (item as ews.Appointment).AppointmentType);
    const mapped = type === undefined ? undefined : backward(APPOINTMENT_TYPE, type);
    if (mapped) out.appointmentType = mapped;
  }
  return out;
}

/**
 * The data a write hands back: what the caller gave, with the zone as the item now carries
 * it (an IANA name or none given for an all-day item becomes the Windows id written).
 */
export function writtenData<K extends ItemKind>(kind: K, item: ews.Item, data: ItemDataByKind[K]): ItemDataByKind[K];
export function writtenData<K extends ItemKind>(kind: K, item: ews.Item, data: Partial<ItemDataByKind[K]>): Partial<ItemDataByKind[K]>;
export function writtenData<K extends ItemKind>(kind: K, item: ews.Item, data: Partial<ItemDataByKind[K]>): Partial<ItemDataByKind[K]> {
  if (kind !== 'appointment') return { ...data };
  const zone = readTimeZoneId(item as ews.Appointment);
  return zone === undefined ? { ...data } : { ...data, timeZone: zone };
}

/** A new, empty library item of the kind, bound to the service. */
export function newItem(kind: ItemKind, service: ews.ExchangeService): ews.Item {
  return kind === 'appointment' ? new ews.Appointment(service) : kind === 'contact' ? new ews.Contact(service) : new ews.Task(service);
}

export function writeItem<K extends ItemKind>(kind: K, item: ews.Item, data: Partial<ItemDataByKind[K]>): void {
  if (kind === 'appointment') writeAppointment(item as ews.Appointment, data as Partial<AppointmentData>);
  else if (kind === 'contact') writeContact(item as ews.Contact, data as Partial<ContactData>);
  else writeTask(item as ews.Task, data as Partial<TaskData>);
}

export async function bindItem(kind: ItemKind, service: ews.ExchangeService, id: string, props: ews.PropertySet): Promise<ews.Item> {
  const itemId = new ews.ItemId(id);
  if (kind === 'appointment') return ews.Appointment.Bind(service, itemId, props);
  if (kind === 'contact') return ews.Contact.Bind(service, itemId, props);
  return ews.Task.Bind(service, itemId, props);
}
