/**
 * Graph failures as typed connector errors: 429 (and 503) with Retry-After → ThrottledError;
 * 410 Gone / SyncStateNotFound / resyncRequired → ResyncRequiredError; token failures →
 * their AADSTS code; TLS and socket failures → Node's code; anything else → the Graph
 * error code as the server sent it, or HTTP_<status>.
 */
import { ConnectorError, ResyncRequiredError, ThrottledError, transportFacts } from '../connector-errors.js';
import type { GraphRecord } from './profile-graph-middleware.js';

const RESYNC_CODES = new Set(['syncstatenotfound', 'resyncrequired', 'syncstateinvalid']);
/** When a 429/503 carries no Retry-After, wait this long. */
const DEFAULT_RETRY_MS = 10_000;

interface GraphErrorShape {
  statusCode?: number;
  code?: string | null;
  message?: string;
  headers?: Headers | Record<string, string>;
  body?: unknown;
}

function header(headers: GraphErrorShape['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key ? headers[key] : undefined;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | undefined, nowMs = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function aadsts(error: unknown): string | undefined {
  const e = error as { errorMessage?: string; message?: string; errorCode?: string };
  const m = /AADSTS\d+/.exec(`${e.errorMessage ?? ''} ${e.message ?? ''}`);
  return m?.[0] ?? (e.errorCode ? e.errorCode : undefined);
}

export function mapGraphError(error: unknown, record: GraphRecord, mailbox?: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const base = { protocol: 'graph' as const, underlying: error, ...(mailbox ? { mailbox } : {}) };
  // Typed token failures (ReauthenticationRequiredError, O365-5) reach the engine as they are.
  if (record.authError instanceof ConnectorError) return record.authError;
  if (record.authError !== undefined) {
    const cause = (record.authError as { cause?: { code?: string } }).cause;
    const tls = record.transportError?.code ?? cause?.code;
    const code = tls ?? aadsts(record.authError) ?? 'MB_TOKEN_FAILED';
    return new ConnectorError({ ...base, code, message: `token request failed: ${(record.authError as Error).message ?? String(record.authError)}` }, transportFacts(record.transportError));
  }
  if (record.transportError) {
    const t = record.transportError;
    return new ConnectorError({ ...base, code: t.code ?? 'MB_GRAPH_TRANSPORT', message: `Graph request failed: ${t.message}` }, transportFacts(t));
  }
  const g = (error ?? {}) as GraphErrorShape;
  const status = typeof g.statusCode === 'number' && g.statusCode > 0 ? g.statusCode : undefined;
  const code = g.code && g.code !== 'Error' ? g.code : status !== undefined ? `HTTP_${status}` : 'MB_GRAPH_FAILED';
  const message = `Graph ${code}${status !== undefined ? ` (HTTP ${status})` : ''}: ${g.message ?? String(error)}`;
  const withStatus = status !== undefined ? { httpStatus: status } : {};
  if (status === 429 || (status === 503 && header(g.headers, 'retry-after') !== undefined)) {
    const wait = retryAfterMs(header(g.headers, 'retry-after')) ?? DEFAULT_RETRY_MS;
    return new ThrottledError({ ...base, ...withStatus, code, message: `${message} (retry after ${wait} ms)`, retryAfterMs: wait });
  }
  if (status === 410 || RESYNC_CODES.has(code.toLowerCase())) return new ResyncRequiredError({ ...base, ...withStatus, code, message });
  return new ConnectorError({ ...base, ...withStatus, code, message });
}
