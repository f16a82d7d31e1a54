/**
 * NDJSON framing: one JSON message per line, lines at most MAX_FRAME_BYTES long.
 *
 * Pure logic, no sockets: `LineDecoder` turns arbitrary byte chunks into whole lines and
 * reports an over-long line once, then skips the rest of it up to the next newline, so a
 * peer that sends one huge frame gets an error and can carry on with the next line —
 * and the decoder never holds more than the limit in memory.
 */

/** The longest frame either side accepts (architecture.md, "The agent protocol"). */
export const MAX_FRAME_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export type DecodedFrame =
  | { kind: 'line'; text: string }
  /** A line longer than the limit; `bytesSeen` is how far it got before we gave up on it. */
  | { kind: 'oversize'; bytesSeen: number };

export class LineDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** True while skipping the tail of an over-long line. */
  private discarding = false;

  constructor(private readonly maxFrameBytes: number = MAX_FRAME_BYTES) {}

  /** Feeds one chunk; returns the frames it completed, in order. */
  push(chunk: Buffer): DecodedFrame[] {
    const frames: DecodedFrame[] = [];
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      this.take(chunk.subarray(start, end), frames);
      if (newline === -1) break;
      this.finishLine(frames);
      start = newline + 1;
    }
    return frames;
  }

  /** Bytes buffered for the current, unfinished line. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  private take(part: Buffer, frames: DecodedFrame[]): void {
    if (this.discarding || part.length === 0) return;
    if (this.pendingBytes + part.length > this.maxFrameBytes) {
      frames.push({ kind: 'oversize', bytesSeen: this.pendingBytes + part.length });
      this.pending = [];
      this.pendingBytes = 0;
      this.discarding = true;
      return;
    }
    // Copy: the caller's chunk buffer may be reused by the stream.
    this.pending.push(Buffer.from(part));
    this.pendingBytes += part.length;
  }

  private finishLine(frames: DecodedFrame[]): void {
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    let line = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (line.length > 0 && line[line.length - 1] === CARRIAGE_RETURN) line = line.subarray(0, line.length - 1);
    const text = line.toString('utf8');
    // Blank lines (a bare Enter in socat) are not frames.
    if (text.trim() === '') return;
    frames.push({ kind: 'line', text });
  }
}

/** Raised when an outgoing message would not fit in one frame. */
export class FrameTooLargeError extends Error {
  constructor(readonly bytes: number, readonly maxFrameBytes: number) {
    super(`message of ${bytes} bytes exceeds the ${maxFrameBytes}-byte frame limit`);
    this.name = 'FrameTooLargeError';
  }
}

/** Encodes one message as a frame (JSON plus newline), refusing what the peer would refuse. */
export function encodeFrame(message: unknown, maxFrameBytes: number = MAX_FRAME_BYTES): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  if (body.length > maxFrameBytes) throw new FrameTooLargeError(body.length, maxFrameBytes);
  return Buffer.concat([body, Buffer.from('\n')]);
}
