/**
 * One pino JSON line → the protocol's log record (without its cursor). Pure: the ring
 * buffer, and `mailbridge logs` reading the log file when no agent runs, both use it.
 * Lines arrive here already scrubbed (service-log-destination.ts); this only reshapes
 * them and bounds their size, so a record always fits the protocol's frame many times over.
 */
import { LOG_RECORD_LEVELS, type LogRecord, type LogRecordLevel } from '../../src/protocol/schemas/log-schemas.js';

export type UncursoredLogRecord = Omit<LogRecord, 'cursor'>;

/** pino's numeric levels (10 trace … 60 fatal). */
const LEVEL_BY_NUMBER: Readonly<Record<number, LogRecordLevel>> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
/** pino's own bookkeeping keys, and the ones a record carries by name. */
const OMITTED_KEYS = new Set(['time', 'level', 'msg', 'pid', 'hostname', 'name', 'v', 'module', 'profile']);

export const MAX_MSG_CHARS = 2_000;
export const MAX_FIELDS_CHARS = 4_000;

function levelOf(value: unknown): LogRecordLevel {
  if (typeof value === 'number') {
    const exact = LEVEL_BY_NUMBER[value];
    if (exact) return exact;
    // Custom numeric levels fall to the nearest standard one below them.
    const floor = Math.min(60, Math.max(10, Math.floor(value / 10) * 10));
    return LEVEL_BY_NUMBER[floor] ?? 'info';
  }
  if (typeof value === 'string' && (LOG_RECORD_LEVELS as readonly string[]).includes(value)) return value as LogRecordLevel;
  return 'info';
}

function timeOf(value: unknown): string {
  const date = typeof value === 'number' || typeof value === 'string' ? new Date(value) : new Date();
  return Number.isNaN(date.getTime()) ? new Date().toISOString() : date.toISOString();
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

function fieldsOf(line: Record<string, unknown>): Record<string, unknown> | undefined {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(line)) if (!OMITTED_KEYS.has(key)) fields[key] = value;
  if (Object.keys(fields).length === 0) return undefined;
  const text = JSON.stringify(fields);
  // A stack trace or a big object stays readable in the file; the record keeps a preview.
  return text.length > MAX_FIELDS_CHARS ? { truncated: cut(text, MAX_FIELDS_CHARS) } : fields;
}

/** Parses one line; a line that is not a JSON object becomes an info record holding the text. */
export function logRecordFromLine(text: string): UncursoredLogRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { time: new Date().toISOString(), level: 'info', msg: cut(text.trim(), MAX_MSG_CHARS) };
  }
  const line = parsed as Record<string, unknown>;
  const record: UncursoredLogRecord = { time: timeOf(line.time), level: levelOf(line.level), msg: cut(typeof line.msg === 'string' ? line.msg : '', MAX_MSG_CHARS) };
  if (typeof line.module === 'string') record.module = line.module;
  if (typeof line.profile === 'string') record.profile = line.profile;
  const fields = fieldsOf(line);
  if (fields) record.fields = fields;
  return record;
}
