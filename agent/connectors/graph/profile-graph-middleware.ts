/**
 * The Graph client's whole middleware chain, in one link: bearer token from the profile's
 * MSAL app, then the request over node:https with the profile's agent (its CA file) —
 * instead of Node's global fetch, whose bundled undici dispatcher cannot be given a CA
 * without the `undici` package. No automatic retries: 429 and 503 reach the connector,
 * which reports the server's Retry-After to the engine.
 *
 * Failures below HTTP (TLS, sockets, token endpoint) are recorded in the calling
 * operation's GraphRecord, since the Graph client rewraps them without their codes.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type https from 'node:https';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { sendHttpRequest } from '../transport/https-request.js';
import type { RoundTripCounter } from '../transport/round-trip-counter.js';
import type { GraphTokenSource } from './graph-token-source.js';

export interface GraphRecord {
  transportError?: NodeJS.ErrnoException;
  authError?: unknown;
}

export const graphContext = new AsyncLocalStorage<GraphRecord>();

function headerRecord(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (headers instanceof Headers) headers.forEach((v, k) => { out[k] = v; });
  else if (Array.isArray(headers)) for (const [k, v] of headers as Array<[string, string]>) out[k] = v;
  else for (const [k, v] of Object.entries(headers as Record<string, unknown>)) if (v !== undefined) out[k] = String(v);
  return out;
}

async function bodyOf(body: unknown): Promise<string | Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return new Response(body as ConstructorParameters<typeof Response>[0]).arrayBuffer().then((b) => Buffer.from(b));
}

export const IMMUTABLE_ID_PREFERENCE = 'IdType="ImmutableId"';

/**
 * Every request asks for immutable ids, so an item keeps its id when moved between folders
 * (sync-semantics.md §2.1: send it on every request, delta included).
 */
export function withImmutableIds(headers: Record<string, string>): Record<string, string> {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'prefer');
  const current = key ? headers[key] ?? '' : '';
  if (/idtype\s*=/i.test(current)) return headers;
  const out = { ...headers };
  if (key) delete out[key];
  out.Prefer = current ? `${current}, ${IMMUTABLE_ID_PREFERENCE}` : IMMUTABLE_ID_PREFERENCE;
  return out;
}

export class ProfileGraphMiddleware implements Middleware {
  constructor(private readonly agent: https.Agent, private readonly tokens: Pick<GraphTokenSource, 'token'>, private readonly counter: RoundTripCounter) {}

  async execute(context: Context): Promise<void> {
    const record = graphContext.getStore();
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const options = context.options ?? {};
    let token: string;
    try {
      token = await this.tokens.token();
    } catch (error) {
      if (record) record.authError = error;
      throw error;
    }
    const headers = withImmutableIds({ ...headerRecord(options.headers), Authorization: `Bearer ${token}` });
    const body = await bodyOf(options.body);
    try {
      const res = await sendHttpRequest(this.agent, { method: (options.method ?? 'GET').toUpperCase(), url, headers, ...(body !== undefined ? { body } : {}) }, this.counter);
      const responseHeaders = new Headers();
      for (const [k, v] of Object.entries(res.headers)) for (const one of Array.isArray(v) ? v : [v]) responseHeaders.append(k, one);
      // Content-Encoding is already undone by the transport.
      responseHeaders.delete('content-encoding');
      const nullBody = res.status === 204 || res.status === 304;
      context.response = new Response(nullBody ? null : res.body, { status: res.status, statusText: res.statusText, headers: responseHeaders });
    } catch (error) {
      if (record) record.transportError = error as NodeJS.ErrnoException;
      throw error;
    }
  }
}
