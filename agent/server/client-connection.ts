/**
 * One client on the agent socket: frames in, answers out, notifications for its
 * subscriptions. Requests run concurrently; a client may pipeline, but past
 * MAX_IN_FLIGHT unanswered requests we stop reading from it until answers go out.
 * A client that leaves mid-request harms no one: its answers are dropped, its
 * subscriptions closed.
 */
import type { Socket } from 'node:net';
import { createJSONRPCErrorResponse, createJSONRPCNotification, type JSONRPCResponse } from 'json-rpc-2.0';
import type { Logger } from 'pino';
import { RpcErrorCode } from '../../src/protocol/error-codes.js';
import { NdjsonChannel } from '../../src/protocol/ndjson-channel.js';
import { FrameTooLargeError, MAX_FRAME_BYTES, type DecodedFrame } from '../../src/protocol/ndjson-framing.js';
import type { CallContext, ConnectionHandle } from './call-context.js';
import type { RpcAnswer, RpcDispatcher } from './rpc-dispatcher.js';

export const MAX_IN_FLIGHT = 32;

export class ClientConnection implements ConnectionHandle {
  private readonly channel: NdjsonChannel;
  private readonly closeListeners: Array<() => void> = [];
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(readonly id: number, socket: Socket, private readonly dispatcher: RpcDispatcher, private readonly log: Logger) {
    this.channel = new NdjsonChannel(socket, {
      onFrame: (frame) => this.receive(frame),
      onClose: () => this.handleClose(),
    });
  }

  get pendingRequests(): number {
    return this.inFlight;
  }

  notify(method: string, params: unknown): boolean {
    try {
      return this.channel.send(createJSONRPCNotification(method, params));
    } catch (error) {
      this.log.warn({ err: error, method, connection: this.id }, 'notification not sent');
      return this.channel.isOpen;
    }
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** Resolves when no request of this client is still running. */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Flushes what was written, then closes (FIN); `destroy` is the hard stop. */
  end(): void {
    this.channel.end();
  }

  destroy(): void {
    this.channel.destroy();
  }

  private receive(frame: DecodedFrame): void {
    if (frame.kind === 'oversize') {
      this.log.warn({ connection: this.id, bytes: frame.bytesSeen }, 'frame over the limit refused');
      this.write(createJSONRPCErrorResponse(null, RpcErrorCode.FrameTooLarge, `frame exceeds ${MAX_FRAME_BYTES} bytes; the rest of that line was discarded`, { maxFrameBytes: MAX_FRAME_BYTES }));
      return;
    }
    this.inFlight += 1;
    if (this.inFlight >= MAX_IN_FLIGHT) this.channel.hold('in-flight');
    const afterResponse: Array<() => void> = [];
    const context: CallContext = { connection: this, afterResponse: (task) => afterResponse.push(task) };
    this.dispatcher
      .handle(frame.text, context)
      .then((answer) => {
        this.write(answer);
        for (const task of afterResponse) task();
      })
      .catch((error: unknown) => this.log.error({ err: error, connection: this.id }, 'dispatch failed'))
      .finally(() => this.settle());
  }

  private write(answer: RpcAnswer): void {
    if (answer === null) return;
    try {
      this.channel.send(answer);
    } catch (error) {
      if (!(error instanceof FrameTooLargeError)) throw error;
      // Our answer would not fit one frame: say so instead of sending what the client refuses.
      const ids = (Array.isArray(answer) ? answer : [answer]).map((a: JSONRPCResponse) => a.id);
      for (const id of ids) this.channel.send(createJSONRPCErrorResponse(id, RpcErrorCode.InternalError, `the answer exceeds the ${MAX_FRAME_BYTES}-byte frame limit`));
    }
  }

  private settle(): void {
    this.inFlight -= 1;
    if (this.inFlight < MAX_IN_FLIGHT) this.channel.release('in-flight');
    if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private handleClose(): void {
    for (const listener of this.closeListeners.splice(0)) {
      try {
        listener();
      } catch (error) {
        this.log.error({ err: error, connection: this.id }, 'close listener failed');
      }
    }
  }
}
