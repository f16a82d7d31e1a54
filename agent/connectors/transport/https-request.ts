/**
 * One HTTP request over node:https with a caller-supplied Agent (the agent carries the
 * profile's CA, client certificate and keep-alive policy). Buffers the whole answer,
 * decompresses gzip/deflate, counts the round trip, and reports which socket carried it
 * (NTLM authenticates a connection, not a request).
 */
import https from 'node:https';
import type { Socket } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';
import type { RoundTripCounter } from './round-trip-counter.js';

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers (WWW-Authenticate) as arrays. */
  headers: Record<string, string | string[]>;
  body: Buffer;
  socket: Socket | null;
}

const DEFAULT_TIMEOUT_MS = 120_000;

function decode(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  return body;
}

/**
 * A keep-alive socket the server closed while it sat idle fails the next request with
 * ECONNRESET before any answer; Node's guidance is to retry such a request once on a new
 * socket (`req.reusedSocket`). Nothing reached the server's application in that case.
 */
export async function sendHttpRequest(agent: https.Agent, request: HttpRequest, counter: RoundTripCounter): Promise<HttpResponse> {
  try {
    return await sendOnce(agent, request, counter);
  } catch (error) {
    if ((error as StaleSocketError).staleKeepAlive) return sendOnce(agent, request, counter);
    throw error;
  }
}

interface StaleSocketError extends NodeJS.ErrnoException {
  staleKeepAlive?: boolean;
}

function sendOnce(agent: https.Agent, request: HttpRequest, counter: RoundTripCounter): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
    const headers: Record<string, string> = { ...request.headers };
    if (body !== undefined) headers['Content-Length'] = String(body.length);
    else if (request.method !== 'GET' && request.method !== 'DELETE') headers['Content-Length'] = '0';
    let socket: Socket | null = null;
    counter.add();
    const req = https.request({
      agent, method: request.method, protocol: url.protocol, hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || 443,
      path: `${url.pathname}${url.search}`, headers,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        try {
          const out: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) out[name] = value;
          const enc = res.headers['content-encoding'];
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: out, body: decode(Buffer.concat(chunks), enc), socket });
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('socket', (s: Socket) => { socket = s; });
    req.setTimeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS, () => req.destroy(Object.assign(new Error(`request timed out after ${request.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`), { code: 'ETIMEDOUT' })));
    let answered = false;
    req.on('response', () => { answered = true; });
    req.on('error', (error: StaleSocketError) => {
      if (!answered && req.reusedSocket && error.code === 'ECONNRESET') error.staleKeepAlive = true;
      reject(error);
    });
    req.end(body);
  });
}

/** First value of a header. */
export function headerValue(headers: Record<string, string | string[]>, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
