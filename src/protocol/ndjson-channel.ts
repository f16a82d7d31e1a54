/**
 * One NDJSON conversation over a stream socket, used by both the agent (per client) and
 * AgentClient: frames in through LineDecoder, messages out with backpressure.
 *
 * Backpressure, both ways: when the peer stops reading (socket.write returns false) we stop
 * reading from it too, so a client that pipelines requests but never reads the answers
 * cannot make the agent buffer without bound; and when even that is not enough (an event
 * subscriber that never reads), the connection is dropped past `maxQueuedBytes`.
 * Callers can also hold reading for their own reasons (too many requests in flight).
 */
import type { Socket } from 'node:net';
import { LineDecoder, MAX_FRAME_BYTES, encodeFrame, type DecodedFrame } from './ndjson-framing.js';

export interface NdjsonChannelHandlers {
  onFrame(frame: DecodedFrame): void;
  onClose(hadError: boolean): void;
}

export interface NdjsonChannelOptions {
  maxFrameBytes?: number;
  /** Outgoing bytes the peer may leave unread before we drop it. */
  maxQueuedBytes?: number;
}

const DEFAULT_MAX_QUEUED_BYTES = 16 * MAX_FRAME_BYTES;

export class NdjsonChannel {
  private readonly decoder: LineDecoder;
  private readonly maxFrameBytes: number;
  private readonly maxQueuedBytes: number;
  private readonly holds = new Set<string>();
  private closed = false;

  constructor(readonly socket: Socket, private readonly handlers: NdjsonChannelHandlers, options: NdjsonChannelOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? MAX_FRAME_BYTES;
    this.maxQueuedBytes = options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
    this.decoder = new LineDecoder(this.maxFrameBytes);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.decoder.push(chunk)) {
        if (this.closed) return;
        this.handlers.onFrame(frame);
      }
    });
    socket.on('drain', () => this.release('peer-not-reading'));
    // A peer that vanishes (EPIPE, ECONNRESET) is normal for a local socket; 'close' follows.
    socket.on('error', () => undefined);
    socket.on('close', (hadError) => {
      if (this.closed) return;
      this.closed = true;
      this.handlers.onClose(hadError);
    });
  }

  get isOpen(): boolean {
    return !this.closed && !this.socket.destroyed;
  }

  /**
   * Sends one message. Returns false when the channel is closed (a client that left
   * mid-request: its answer is simply dropped). Throws FrameTooLargeError when the message
   * does not fit one frame, before anything is written.
   */
  send(message: unknown): boolean {
    if (!this.isOpen) return false;
    const frame = encodeFrame(message, this.maxFrameBytes);
    const flushed = this.socket.write(frame);
    if (!flushed) {
      if (this.socket.writableLength > this.maxQueuedBytes) {
        this.destroy();
        return false;
      }
      this.hold('peer-not-reading');
    }
    return true;
  }

  /** Stops reading from the peer until every hold with other reasons is released too. */
  hold(reason: string): void {
    this.holds.add(reason);
    this.socket.pause();
  }

  release(reason: string): void {
    this.holds.delete(reason);
    if (this.holds.size === 0 && this.isOpen) this.socket.resume();
  }

  /** Half-closes after what was written is flushed. */
  end(): void {
    if (this.isOpen) this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}
