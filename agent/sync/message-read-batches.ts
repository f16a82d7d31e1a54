/**
 * Plans how the messages a mail round takes are read (O365-3, O365-4): consecutive groups
 * within a count and a byte budget, sized from the change summaries, so a round of many
 * small new messages costs few round trips while the MIME held in memory at once stays
 * bounded. Pure: the reading itself is mail-ingestion.ts.
 */

export interface MessageToRead {
  id: string;
  /** Size from the listing; unknown counts as the whole budget (read alone). */
  size?: number;
}

export interface ReadLimits {
  maxCount: number;
  maxBytes: number;
}

/** Groups in listing order; each holds at most `maxCount` messages and `maxBytes` bytes, or one larger message. */
export function planMessageReads<T extends MessageToRead>(messages: readonly T[], limits: ReadLimits): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = message.size !== undefined && Number.isFinite(message.size) && message.size >= 0 ? message.size : limits.maxBytes;
    if (current.length > 0 && (current.length >= limits.maxCount || bytes + size > limits.maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
