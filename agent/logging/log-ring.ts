/**
 * The agent's recent log records in memory, for `agent.logs` and the `logs` topic: a
 * bounded ring (the oldest record goes when a new one comes past capacity), each record
 * numbered by a cursor that only grows, so a reader asks "what came after N" and learns
 * how many it missed. It holds only lines that went through the scrubbing destination
 * (service-log-destination.ts) — nothing else writes to it — so no secret reaches it.
 */
import { passesLevel, type LogFilterLevel, type LogRecord } from '../../src/protocol/schemas/log-schemas.js';
import type { UncursoredLogRecord } from './log-record.js';

export const DEFAULT_LOG_RING_CAPACITY = 1000;
/** An answer stays well under the protocol's 1 MiB frame, whatever the records hold. */
export const MAX_ANSWER_CHARS = 512 * 1024;

export interface LogQuery {
  since?: number;
  level?: LogFilterLevel;
  limit: number;
}

export interface LogPage {
  records: LogRecord[];
  cursor: number;
  more: boolean;
  missed: number;
}

export type LogRecordListener = (record: LogRecord) => void;

export class LogRing {
  private readonly records: LogRecord[] = [];
  private head = 0;
  private readonly listeners = new Set<LogRecordListener>();

  constructor(readonly capacity = DEFAULT_LOG_RING_CAPACITY) {}

  /** The cursor of the newest record (0 before the first). */
  get newestCursor(): number {
    return this.head;
  }

  push(record: UncursoredLogRecord): LogRecord {
    this.head += 1;
    const kept: LogRecord = { cursor: this.head, ...record };
    this.records.push(kept);
    if (this.records.length > this.capacity) this.records.shift();
    for (const listener of this.listeners) listener(kept);
    return kept;
  }

  /** Calls `listener` for every record pushed from now on; returns the way to stop. */
  onRecord(listener: LogRecordListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Without `since`: the newest `limit` records at `level` or above. With `since`: the
   * first `limit` such records after it. Oldest first either way. A `since` beyond the
   * newest cursor comes from an earlier agent process: it is treated as absent.
   */
  query(query: LogQuery): LogPage {
    const since = query.since !== undefined && query.since <= this.head ? query.since : undefined;
    const oldest = this.records[0]?.cursor ?? this.head + 1;
    const missed = since === undefined ? 0 : Math.max(0, oldest - since - 1);
    const matching = this.records.filter((r) => (since === undefined || r.cursor > since) && passesLevel(r.level, query.level));
    if (since === undefined) {
      const records = takeWithinBudget([...matching].reverse(), query.limit).reverse();
      return { records, cursor: this.head, more: false, missed };
    }
    const records = takeWithinBudget(matching, query.limit);
    const more = records.length < matching.length;
    return { records, cursor: more ? records[records.length - 1]?.cursor ?? since : this.head, more, missed };
  }
}

function takeWithinBudget(records: LogRecord[], limit: number): LogRecord[] {
  const taken: LogRecord[] = [];
  let chars = 0;
  for (const record of records) {
    if (taken.length >= limit) break;
    chars += JSON.stringify(record).length;
    if (taken.length > 0 && chars > MAX_ANSWER_CHARS) break;
    taken.push(record);
  }
  return taken;
}
