/**
 * One agent log record as one console line at the screen's width: time of day, level,
 * profile (and module) when the record names one, the message, then the remaining fields
 * as compact key=value — cut to the width, never wrapped, so the pane keeps its rows.
 */
import type { LogRecord } from '../../src/protocol/schemas/log-schemas.js';
import { fitText, padText } from '../layout/fit-text.js';

function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  // An error object reads best as its message.
  if (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string') return (value as { message: string }).message;
  return JSON.stringify(value);
}

export function logLineText(record: Omit<LogRecord, 'cursor'>, width: number): string {
  const time = record.time.slice(11, 19);
  const where = [record.profile, record.module].filter((s): s is string => s !== undefined).join('/');
  const fields = Object.entries(record.fields ?? {}).map(([key, value]) => `${key}=${fieldText(value)}`).join(' ');
  return fitText(`${time} ${padText(record.level, 5)} ${where ? `${where}: ` : ''}${record.msg}${fields ? `  ${fields}` : ''}`, width);
}
