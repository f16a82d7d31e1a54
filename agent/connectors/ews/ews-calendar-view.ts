/**
 * CalendarView over EWS (EX-14): recurring series expanded by the server inside a window.
 * A CalendarView cannot page and stops at EWSFindCountLimit (1000), so a window whose
 * answer is incomplete is halved until each part fits (sync-semantics.md §1.5); entries are
 * de-duplicated by id and start. FindItem does not say which series an occurrence belongs
 * to, so occurrences are grouped by their iCalendar UID and each series' master id is
 * looked up once (BindToRecurringMaster).
 */
import ews from 'ews-javascript-api';
import type { RemoteAppointment, TimeWindow } from '../connector.js';
import { APPOINTMENT_SUMMARY_PROPERTIES, LOCAL_ID_PROPERTY, toRemoteItem } from './ews-item-mapping.js';

export type ServiceCall = <T>(run: (service: ews.ExchangeService) => Promise<T>) => Promise<T>;

/** EWSFindCountLimit. */
export const CALENDAR_VIEW_MAX = 1000;
/** Below this a window is not split further. */
const MIN_WINDOW_MS = 60_000;

function uidOf(a: ews.Appointment): string | undefined {
  try {
    return a.ICalUid || undefined;
  } catch {
    return undefined;
  }
}

export async function calendarViewExpanded(call: ServiceCall, folder: ews.FolderId, window: TimeWindow, maxEntries = CALENDAR_VIEW_MAX): Promise<RemoteAppointment[]> {
  const seen = new Map<string, { item: RemoteAppointment; uid: string | undefined }>();
  const fetchWindow = async (startMs: number, endMs: number): Promise<void> => {
    const result = await call(async (service) => {
      const view = new ews.CalendarView(new ews.DateTime(startMs), new ews.DateTime(endMs), Math.min(maxEntries, CALENDAR_VIEW_MAX));
      view.PropertySet = new ews.PropertySet(ews.BasePropertySet.IdOnly, [...APPOINTMENT_SUMMARY_PROPERTIES, LOCAL_ID_PROPERTY, ews.AppointmentSchema.ICalUid]);
      return service.FindAppointments(folder, view);
    });
    if (result.MoreAvailable && endMs - startMs > MIN_WINDOW_MS) {
      const mid = startMs + Math.floor((endMs - startMs) / 2);
      await fetchWindow(startMs, mid);
      await fetchWindow(mid, endMs);
      return;
    }
    for (const a of result.Items) {
      const item = toRemoteItem('appointment', a);
      seen.set(`${item.id}|${item.data.start}`, { item, uid: uidOf(a) });
    }
  };
  await fetchWindow(Date.parse(window.start), Date.parse(window.end));

  const masters = new Map<string, string>();
  for (const { item, uid } of seen.values()) {
    if (uid === undefined || (item.appointmentType !== 'occurrence' && item.appointmentType !== 'exception')) continue;
    let master = masters.get(uid);
    if (master === undefined) {
      master = await call(async (service) => (await ews.Appointment.BindToRecurringMaster(service, new ews.ItemId(item.id), ews.PropertySet.IdOnly)).Id.UniqueId);
      masters.set(uid, master);
    }
    item.seriesMasterId = master;
  }
  return [...seen.values()].map((e) => e.item).sort((a, b) => a.data.start.localeCompare(b.data.start));
}
