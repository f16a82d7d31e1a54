/**
 * EX-13 import options as pure functions: whether a remote appointment is imported at all
 * (mode `none`; free-time appointments when "send free-time appointments" is off) and
 * what of it is kept (`noDetails` = start and end only, no subject text, place or body).
 */
import type { AppointmentData, ItemKind, RemoteItem } from '../connectors/connector.js';

export type ImportAppointmentsMode = 'all' | 'noDetails' | 'none';

export interface ImportOptions {
  appointments: ImportAppointmentsMode;
  sendFreeTime: boolean;
}

/** Why a remote item is not imported, or null when it is. */
export function importRefusal(item: RemoteItem, options: ImportOptions): 'import-disabled' | 'free-time' | null {
  if (item.kind !== 'appointment') return null;
  if (options.appointments === 'none') return 'import-disabled';
  const data = item.data as AppointmentData;
  if (!options.sendFreeTime && data.showAs === 'free') return 'free-time';
  return null;
}

/** The fields kept locally for an imported item (appointments per EX-13; other kinds whole). */
export function projectImported(kind: ItemKind, data: Record<string, unknown>, options: ImportOptions): Record<string, unknown> {
  if (kind !== 'appointment' || options.appointments !== 'noDetails') return { ...data };
  const a = data as unknown as AppointmentData;
  return {
    subject: '',
    start: a.start,
    end: a.end,
    ...(a.isAllDay !== undefined ? { isAllDay: a.isAllDay } : {}),
    ...(a.showAs !== undefined ? { showAs: a.showAs } : {}),
  };
}
