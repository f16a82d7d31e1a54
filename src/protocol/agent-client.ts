/**
 * AgentClient: the typed client every CLI command (and later the console) uses to talk
 * to the agent. Types come from the method table, answers are checked against its result
 * schemas, and every failure arrives as an OperatorError with a next step — "no agent
 * running" included (AgentNotRunningError).
 *
 * json-rpc-2.0 does ids, pending requests and time-outs; the framing is ours (NDJSON).
 */
import net from 'node:net';
import { JSONRPCClient, type JSONRPCRequest, type JSONRPCResponse } from 'json-rpc-2.0';
import { InternalError } from '../errors/operator-error.js';
import { socketPath as defaultSocketPath } from '../paths.js';
import { MAILBRIDGE_VERSION, PROTOCOL_VERSION } from '../version.js';
import { AgentAccessDeniedError, AgentNotRunningError, errorFromRpc, type AgentRequestError } from './agent-errors.js';
import { RPC_ERRORS, RpcErrorCode } from './error-codes.js';
import { METHODS, type MethodName, type ParamsOf, type ResultOf } from './methods.js';
import { NdjsonChannel } from './ndjson-channel.js';
import { FrameTooLargeError } from './ndjson-framing.js';
import type { EventNotificationParams, EventTopic, EventType } from './schemas/event-schemas.js';

export interface AgentClientOptions {
  socketPath?: string;
  /** Per-request time-out; long work returns a run id at once, so this can stay short. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
}

export interface AgentNotification {
  method: EventType | string;
  params: EventNotificationParams;
}
export type NotificationListener = (notification: AgentNotification) => void;

export interface Subscription {
  id: string;
  seq: number;
  close(): void;
}

/** Params may be left out when every field is optional (`agent.status`, `profiles.list`). */
type OptionalWhenEmpty<P> = Record<never, never> extends P ? [params?: P] : [params: P];

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
/** Notifications for a subscription whose id the caller has not seen yet (snapshot races the answer). */
const MAX_UNCLAIMED_NOTIFICATIONS = 1_000;
const ACCESS_DENIED_CODES = new Set(['EACCES', 'EPERM']);

export class AgentClient {
  private readonly rpc: JSONRPCClient;
  private readonly sendErrors = new Map<number, unknown>();
  private readonly subscriptions = new Map<string, NotificationListener>();
  private readonly unclaimed: AgentNotification[] = [];
  private readonly closeListeners: Array<() => void> = [];
  private nextId = 1;
  /** `events.subscribe` calls awaiting their answer; only then can a notification be early rather than stale. */
  private subscribing = 0;

  private constructor(private readonly channel: NdjsonChannel, readonly socketPath: string, private readonly timeoutMs: number) {
    this.rpc = new JSONRPCClient((payload: JSONRPCRequest) => {
      try {
        if (!this.channel.send(payload)) throw new Error('connection closed');
      } catch (error) {
        if (typeof payload.id === 'number') this.sendErrors.set(payload.id, error);
        throw error;
      }
    });
  }

  /** Connects to the agent; throws AgentNotRunningError / AgentAccessDeniedError when it cannot. */
  static async connect(options: AgentClientOptions = {}): Promise<AgentClient> {
    const path = options.socketPath ?? defaultSocketPath();
    const socket = await dial(path, options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
    // The channel's handlers reach the client through this holder: both are made together.
    const holder: { client?: AgentClient } = {};
    const channel = new NdjsonChannel(socket, {
      onFrame: (frame) => holder.client?.receiveFrame(frame.kind === 'line' ? frame.text : undefined),
      onClose: () => holder.client?.handleClose(),
    });
    holder.client = new AgentClient(channel, path, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    return holder.client;
  }

  /** Calls one method; resolves to its result checked against the method table. */
  async call<M extends MethodName>(method: M, ...args: OptionalWhenEmpty<ParamsOf<M>>): Promise<ResultOf<M>> {
    const [params = {}] = args;
    const id = this.nextId++;
    const response = await this.rpc
      .timeout(this.timeoutMs, (timedOutId) => ({
        jsonrpc: '2.0', id: timedOutId,
        error: { code: RpcErrorCode.RequestTimeout, message: `no answer within ${this.timeoutMs} ms` },
      }))
      .requestAdvanced({ jsonrpc: '2.0', id, method, params });
    if (response.error) throw this.translateError(method, id, response.error);
    const parsed = METHODS[method].result.safeParse(response.result);
    if (!parsed.success) {
      throw new InternalError(`the agent's answer to ${method} does not match protocol ${PROTOCOL_VERSION}`, { method, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    }
    return parsed.data as ResultOf<M>;
  }

  /** `agent.hello`, refusing an agent that speaks another protocol major. */
  async hello(): Promise<ResultOf<'agent.hello'>> {
    const hello = await this.call('agent.hello', { protocol: PROTOCOL_VERSION, client: `mailbridge-cli/${MAILBRIDGE_VERSION}` });
    if (hello.protocol !== PROTOCOL_VERSION) {
      throw errorFromRpc('agent.hello', {
        code: RpcErrorCode.ProtocolMismatch,
        message: `the agent speaks protocol ${hello.protocol}, this client ${PROTOCOL_VERSION}`,
        data: { code: RPC_ERRORS[RpcErrorCode.ProtocolMismatch].mbCode, family: 'other', cause: `Agent ${hello.agentVersion} and client ${MAILBRIDGE_VERSION} are different major versions.`, fix: ['Restart the agent after upgrading mailbridge, so agent and CLI are the same version.'] },
      });
    }
    return hello;
  }

  /**
   * Subscribes to agent events: the listener gets `events.snapshot` first, then changes.
   * Close the subscription (or the client) to stop.
   */
  async subscribe(listener: NotificationListener, topics?: EventTopic[]): Promise<Subscription> {
    this.subscribing += 1;
    let result: ResultOf<'events.subscribe'>;
    try {
      result = await this.call('events.subscribe', topics ? { topics } : {});
    } finally {
      this.subscribing -= 1;
    }
    this.subscriptions.set(result.subscription, listener);
    for (const pending of this.unclaimed.splice(0)) {
      if (pending.params.subscription === result.subscription) listener(pending);
      else this.unclaimed.push(pending);
    }
    const close = (): void => {
      if (!this.subscriptions.delete(result.subscription)) return;
      // Best effort: on a closed connection the agent has already ended it.
      this.call('events.unsubscribe', { subscription: result.subscription }).catch(() => undefined);
    };
    return { id: result.subscription, seq: result.seq, close };
  }

  /** Runs `listener` when the agent closes the connection (stopped, crashed). */
  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  close(): void {
    this.channel.end();
    this.channel.destroy();
  }

  private receiveFrame(text: string | undefined): void {
    if (text === undefined) return; // an over-long frame from the agent: nothing useful in it
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const m = message as Partial<JSONRPCResponse & JSONRPCRequest>;
    if (typeof m.method === 'string' && m.id === undefined) {
      this.deliver({ method: m.method, params: m.params as EventNotificationParams });
    } else if ('result' in m || 'error' in m) {
      this.rpc.receive(m as JSONRPCResponse);
    }
  }

  private deliver(notification: AgentNotification): void {
    const listener = this.subscriptions.get(notification.params?.subscription);
    if (listener) listener(notification);
    // Kept only while a subscribe answer is pending; after a local close() they are dropped.
    else if (this.subscribing > 0 && this.unclaimed.length < MAX_UNCLAIMED_NOTIFICATIONS) this.unclaimed.push(notification);
  }

  private handleClose(): void {
    this.rpc.rejectAllPendingRequests('the agent closed the connection');
    for (const listener of this.closeListeners) listener();
  }

  private translateError(method: string, id: number, error: { code: number; message: string; data?: unknown }): AgentRequestError {
    const sendError = this.sendErrors.get(id);
    this.sendErrors.delete(id);
    if (sendError instanceof FrameTooLargeError) {
      return errorFromRpc(method, { code: RpcErrorCode.FrameTooLarge, message: sendError.message });
    }
    // json-rpc-2.0 reports a failed send and a dropped connection with code 0.
    if (error.code === 0) return errorFromRpc(method, { code: RpcErrorCode.ConnectionLost, message: error.message });
    return errorFromRpc(method, error);
  }
}

/** Opens the socket, mapping "nobody there" and "not allowed" to their typed errors. */
function dial(path: string, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(path);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new AgentNotRunningError(path, 'ETIMEDOUT'));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const code = error.code ?? 'UNKNOWN';
      // Anything but "not allowed" means no usable agent there (ENOENT, ECONNREFUSED, ENOTSOCK…).
      reject(ACCESS_DENIED_CODES.has(code) ? new AgentAccessDeniedError(path, code) : new AgentNotRunningError(path, code));
    });
  });
}
