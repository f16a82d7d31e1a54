/**
 * What a method handler knows about the call it serves: the connection it came on (to
 * send notifications and to hear when it goes away) and a hook that runs once the
 * answer has been written — which is how `events.subscribe` sends its snapshot after,
 * never before, the answer that names the subscription.
 */
import type { MethodName, ResultInputOf, ValidParamsOf } from '../../src/protocol/methods.js';

export interface ConnectionHandle {
  readonly id: number;
  /** Sends a JSON-RPC notification; false when the client is gone. */
  notify(method: string, params: unknown): boolean;
  /** Runs `listener` when the client disconnects (or the agent closes it). */
  onClose(listener: () => void): void;
}

export interface CallContext {
  readonly connection: ConnectionHandle;
  afterResponse(task: () => void): void;
}

export type MethodHandler<M extends MethodName> = (params: ValidParamsOf<M>, context: CallContext) => ResultInputOf<M> | Promise<ResultInputOf<M>>;

/** One handler per method of the table; the compiler makes sure none is missing. */
export type MethodHandlers = { [M in MethodName]: MethodHandler<M> };
