/**
 * The agent's own log over the protocol (issue #6 follow-up): `agent.logs` reads the
 * recent records the agent keeps in memory, and `log.record` notifications (topic `logs`)
 * carry each new one live. A record is one pino line after the agent scrubbed it of
 * secrets (AG-5), reduced to what a reader needs: cursor, time, level, message, the
 * profile and module it concerns, and the remaining fields.
 */
import { z } from 'zod';

/** pino's level names, lowest first; a record carries one of these. */
export const LOG_RECORD_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export const LogRecordLevelSchema = z.enum(LOG_RECORD_LEVELS);
export type LogRecordLevel = z.output<typeof LogRecordLevelSchema>;

/** The lowest levels a reader may ask for (`level` = this level and above). */
export const LOG_FILTER_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export const LogFilterLevelSchema = z.enum(LOG_FILTER_LEVELS);
export type LogFilterLevel = z.output<typeof LogFilterLevelSchema>;

/** Rank of a level, for "this level and above" comparisons. */
export function logLevelRank(level: LogRecordLevel): number {
  return LOG_RECORD_LEVELS.indexOf(level);
}

/** Whether a record of `level` passes a filter of `atLeast`. */
export function passesLevel(level: LogRecordLevel, atLeast: LogFilterLevel | undefined): boolean {
  return atLeast === undefined || logLevelRank(level) >= logLevelRank(atLeast);
}

export const LogRecordSchema = z.object({
  /** Position in this agent process's log, increasing by one per record; resets when the agent restarts. */
  cursor: z.number().int().positive(),
  time: z.string(),
  level: LogRecordLevelSchema,
  msg: z.string(),
  module: z.string().optional(),
  profile: z.string().optional(),
  /** Everything else the line carried (err, runId, …), already scrubbed; cut short when large. */
  fields: z.record(z.string(), z.unknown()).optional(),
});
export type LogRecord = z.output<typeof LogRecordSchema>;

export const MAX_LOGS_LIMIT = 1000;
export const DEFAULT_LOGS_LIMIT = 200;

export const AgentLogsParamsSchema = z.object({
  /** Records after this cursor, oldest first; absent = the newest `limit` records. */
  since: z.number().int().nonnegative().optional(),
  /** The lowest level returned. */
  level: LogFilterLevelSchema.optional(),
  limit: z.number().int().min(1).max(MAX_LOGS_LIMIT).default(DEFAULT_LOGS_LIMIT),
});

export const AgentLogsResultSchema = z.object({
  /** Oldest first. */
  records: z.array(LogRecordSchema),
  /** Pass as `since` next time to get what came after this answer. */
  cursor: z.number().int().nonnegative(),
  /** More records after `cursor` are already kept (limit or size reached). */
  more: z.boolean(),
  /** Records after `since` that are no longer kept (the buffer holds the most recent ones only). */
  missed: z.number().int().nonnegative(),
  /** How many records the agent keeps, and the level it logs at (records below it never exist). */
  capacity: z.number().int().positive(),
  agentLevel: z.string(),
});
export type AgentLogsResult = z.output<typeof AgentLogsResultSchema>;
