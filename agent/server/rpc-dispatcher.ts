/**
 * Turns one incoming frame into its answer: JSON parsing (-32700), request shape and
 * batches (-32600), method lookup (-32601, via json-rpc-2.0), params checked against the
 * method table (-32602 naming the field path), the handler, and the result checked (and
 * stripped of anything undeclared) before it leaves the agent.
 */
import { JSONRPCServer, createJSONRPCErrorResponse, type JSONRPCResponse } from 'json-rpc-2.0';
import type { Logger } from 'pino';
import { RpcErrorCode } from '../../src/protocol/error-codes.js';
import { METHODS, METHOD_NAMES, type MethodName } from '../../src/protocol/methods.js';
import type { CallContext, MethodHandlers } from './call-context.js';
import { MethodError, invalidParams, toWireError } from './method-error.js';

/** Requests in one batch; a bigger batch is refused whole (the 1 MiB frame limit bounds it anyway). */
export const MAX_BATCH = 100;

export type RpcAnswer = JSONRPCResponse | JSONRPCResponse[] | null;

export class RpcDispatcher {
  private readonly server = new JSONRPCServer<CallContext>({ errorListener: () => undefined });
  private shuttingDown = false;

  constructor(handlers: MethodHandlers, private readonly log: Logger) {
    this.server.handleMethodNotFound = async (request) => request.id === undefined
      ? null
      : createJSONRPCErrorResponse(request.id, RpcErrorCode.MethodNotFound, `unknown method "${String(request.method)}"`, { method: request.method, known: METHOD_NAMES });
    this.server.mapErrorToJSONRPCErrorResponse = (id, error) => {
      const wire = toWireError(error, (internal) => this.log.error({ err: internal, id }, 'method failed unexpectedly'));
      return createJSONRPCErrorResponse(id, wire.code, wire.message, wire.data);
    };
    for (const name of METHOD_NAMES) this.register(name, handlers);
  }

  /** From now on every request is answered -32006: the agent is stopping and takes no new work. */
  refuseNewWork(): void {
    this.shuttingDown = true;
  }

  /** Answers one frame (a request, a notification or a batch); null when no answer is due. */
  async handle(text: string, context: CallContext): Promise<RpcAnswer> {
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (error) {
      return createJSONRPCErrorResponse(null, RpcErrorCode.ParseError, `malformed JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(payload)) return this.handleOne(payload, context);
    if (payload.length === 0 || payload.length > MAX_BATCH) {
      return createJSONRPCErrorResponse(null, RpcErrorCode.InvalidRequest, `a batch holds 1 to ${MAX_BATCH} requests; this one has ${payload.length}`);
    }
    const answers = await Promise.all(payload.map((item) => this.handleOne(item, context)));
    const present = answers.filter((a): a is JSONRPCResponse => a !== null);
    return present.length > 0 ? present : null;
  }

  private async handleOne(payload: unknown, context: CallContext): Promise<JSONRPCResponse | null> {
    // json-rpc-2.0 assumes an object; null, numbers and strings are refused here.
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return createJSONRPCErrorResponse(null, RpcErrorCode.InvalidRequest, 'a request is a JSON object with "jsonrpc": "2.0", "method" and optionally "id" and "params"');
    }
    if (this.shuttingDown) {
      const { id } = payload as { id?: unknown };
      const answerId = typeof id === 'string' || typeof id === 'number' ? id : null;
      return id === undefined ? null : createJSONRPCErrorResponse(answerId, RpcErrorCode.ShuttingDown, 'the agent is shutting down; retry when it is back');
    }
    const started = performance.now();
    const answer = (await this.server.receive(payload as Parameters<JSONRPCServer['receive']>[0], context)) as JSONRPCResponse | null;
    // Method, id, outcome and time only: params (secrets.set carries a value) are never logged.
    const { method, id } = payload as { method?: unknown; id?: unknown };
    this.log.debug({ connection: context.connection.id, method, id, ms: Math.round(performance.now() - started), ...(answer?.error ? { error: answer.error.code } : {}) }, 'request');
    return answer;
  }

  private register<M extends MethodName>(name: M, handlers: MethodHandlers): void {
    const spec = METHODS[name];
    const handler = handlers[name];
    this.server.addMethod(name, async (params: unknown, context: CallContext) => {
      const parsed = spec.params.safeParse(params ?? {});
      if (!parsed.success) throw invalidParams(parsed.error.issues);
      const result = await handler(parsed.data as Parameters<typeof handler>[0], context);
      const checked = spec.result.safeParse(result);
      if (!checked.success) {
        this.log.error({ method: name, issues: checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) }, 'result does not match the method table');
        throw new MethodError(RpcErrorCode.InternalError, `internal error in the agent: ${name} produced an invalid result`);
      }
      return checked.data;
    });
  }
}
