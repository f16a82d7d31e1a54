/**
 * An appointment's own time zone over EWS (EX-14), between AppointmentData.timeZone (a
 * Windows id such as "W. Europe Standard Time") and ews-javascript-api's TimeZoneInfo.
 *
 * Reading: the library fills Appointment.StartTimeZone only from a complete
 * TimeZoneDefinitionType — Id plus Periods, TransitionsGroups and Transitions, as Exchange
 * 2010+ sends it. TimeZonePropertyDefinition validates the definition before it looks the Id
 * up in its own table (TimeZoneInfo.FindSystemTimeZoneById), and PropertyBag swallows the
 * "invalid or unsupported" error, so an Id-only element reads as null. Reads therefore ask
 * for calendar:StartTimeZone explicitly (a FindItem's default shape need not carry it).
 *
 * Writing: StartTimeZone and EndTimeZone are set together (the library then leaves out the
 * TimeZoneContext header, which would otherwise name the agent host's zone). An all-day
 * item must be midnight to midnight in the zone it is written in, or Exchange widens it to
 * midnight there and the dates shift; so an all-day item without a zone the library knows is
 * written in UTC, never in the host's zone (sync-semantics.md §5.2).
 */
import ews from 'ews-javascript-api';
import type { AppointmentData } from '../connector.js';

/** The zone all-day items without a known zone of their own are written in. */
export const ALL_DAY_FALLBACK_ZONE = 'UTC';

function lookUp(name: string): ews.TimeZoneInfo | undefined {
  try {
    return ews.TimeZoneInfo.FindSystemTimeZoneById(name);
  } catch {
    return undefined;
  }
}

/** ICU's canonical spelling of an IANA name (Asia/Kolkata → Asia/Calcutta), or undefined. */
function icuCanonical(name: string): string | undefined {
  try {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return canonical === name ? undefined : canonical;
  } catch {
    return undefined;
  }
}

/**
 * The library's TimeZoneInfo for a Windows id or an IANA name (its table maps IANA names to
 * Windows ids, but knows some only by their older spelling, which ICU gives), or undefined
 * when the name is unknown ("Customized Time Zone", tzone://… ids from other clients):
 * those items keep the server's default zone rather than fail the write.
 */
export function timeZoneInfoOf(name: string): ews.TimeZoneInfo | undefined {
  const found = lookUp(name);
  if (found) return found;
  const canonical = icuCanonical(name);
  return canonical === undefined ? undefined : lookUp(canonical);
}

/** The Windows id the server gave the appointment's start, when the library could read it. */
export function readTimeZoneId(a: ews.Appointment): string | undefined {
  try {
    const id = a.StartTimeZone?.Id;
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The zone to write with these fields, or undefined to leave the item's zone alone: the
 * data's own zone when the library knows it; for an all-day item without one, the zone the
 * item already has on the server (`current`, updates) or else UTC — the dates of all-day
 * instants without a zone are UTC dates, as the Graph connector writes them.
 */
export function zoneToWrite(data: Partial<AppointmentData>, current?: string): ews.TimeZoneInfo | undefined {
  const own = data.timeZone === undefined ? undefined : timeZoneInfoOf(data.timeZone);
  if (own) return own;
  if (data.isAllDay !== true) return undefined;
  if (current !== undefined && timeZoneInfoOf(current)) return undefined;
  return timeZoneInfoOf(ALL_DAY_FALLBACK_ZONE);
}

/** Sets the item's start and end zone (both: Exchange 2010+ keeps them apart). */
export function writeTimeZone(a: ews.Appointment, zone: ews.TimeZoneInfo): void {
  a.StartTimeZone = zone;
  a.EndTimeZone = zone;
}
