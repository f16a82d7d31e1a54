/**
 * Turns what ews-javascript-api throws, plus what our transport recorded on the wire
 * (profile-xhr-api.ts ExchangeRecord), into typed connector errors with canonical codes.
 *
 * The library loses two things we need: ErrorServerBusy's BackOffMilliseconds (its SOAP
 * fault switch that would throw ServerBusyException is commented out) and Node's TLS/socket
 * error codes. Both are read here from the raw record.
 */
import ews from 'ews-javascript-api';
import { XMLParser } from 'fast-xml-parser';
import { ConnectorError, ResyncRequiredError, ThrottledError, transportFacts } from '../connector-errors.js';
import type { ExchangeRecord } from './profile-xhr-api.js';

/** Response codes meaning "the stored SyncState is no longer accepted". */
const RESYNC_CODES = new Set(['ErrorInvalidSyncStateData', 'ErrorSyncFolderNotFound', 'ErrorInvalidWatermark']);
/** Throttling codes; BackOffMilliseconds applies when present. */
const THROTTLE_CODES = new Set(['ErrorServerBusy', 'ErrorExceededConnectionCount', 'ErrorTooManyObjectsOpened']);
/** When a throttling answer carries no delay: wait this long rather than hammer the server. */
const DEFAULT_BACKOFF_MS = 5_000;

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, attributeNamePrefix: '@' });

export interface SoapFaultFacts {
  responseCode?: string;
  message?: string;
  values: Record<string, string>;
}

function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') return text((v as Record<string, unknown>)['#text']);
  return String(v);
}

/** ResponseCode, message and MessageXml values from a SOAP fault or an error response message. */
export function readSoapFault(xml: string): SoapFaultFacts | null {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch {
    return null;
  }
  const body = (doc.Envelope as Record<string, unknown> | undefined)?.Body as Record<string, unknown> | undefined;
  const fault = body?.Fault as Record<string, unknown> | undefined;
  if (!fault) return null;
  const detail = (fault.detail ?? fault.Detail) as Record<string, unknown> | undefined;
  const values: Record<string, string> = {};
  const messageXml = detail?.MessageXml as Record<string, unknown> | undefined;
  for (const v of asArray(messageXml?.Value as unknown)) {
    const name = (v as Record<string, unknown>)['@Name'];
    const value = text(v);
    if (typeof name === 'string' && value !== undefined) values[name] = value;
  }
  const responseCode = text(detail?.ResponseCode);
  const message = text(detail?.Message) ?? text(fault.faultstring);
  return { values, ...(responseCode ? { responseCode } : {}), ...(message ? { message } : {}) };
}

interface LibraryErrorShape {
  ErrorCode?: number;
  ResponseCode?: number;
  ErrorDetails?: { containsKey?: (k: string) => boolean; get?: (k: string) => unknown };
  Response?: { ErrorDetails?: LibraryErrorShape['ErrorDetails'] };
  message?: string;
  Message?: string;
}

function libraryCode(e: LibraryErrorShape): string | undefined {
  const n = typeof e.ErrorCode === 'number' ? e.ErrorCode : typeof e.ResponseCode === 'number' ? e.ResponseCode : undefined;
  if (n === undefined) return undefined;
  const name = ews.ServiceError[n];
  return typeof name === 'string' && name !== 'NoError' ? name : undefined;
}

function libraryBackOff(e: LibraryErrorShape): number | undefined {
  const dict = e.ErrorDetails ?? e.Response?.ErrorDetails;
  if (dict && typeof dict.containsKey === 'function' && dict.containsKey('BackOffMilliseconds')) return Number(dict.get?.('BackOffMilliseconds'));
  return undefined;
}

export function mapEwsError(error: unknown, record: ExchangeRecord, mailbox?: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const base = { protocol: 'ews' as const, underlying: error, ...(mailbox ? { mailbox } : {}) };
  if (record.transportError) {
    const t = record.transportError;
    return new ConnectorError({ ...base, code: t.code ?? 'MB_EWS_TRANSPORT', message: `EWS request failed: ${t.message}` }, transportFacts(t));
  }
  const lib = (error ?? {}) as LibraryErrorShape;
  const fault = record.lastFailure ? readSoapFault(record.lastFailure.body) : null;
  const code = fault?.responseCode ?? libraryCode(lib);
  const message = fault?.message ?? lib.message ?? lib.Message ?? String(error);
  const status = record.lastFailure?.status;
  const withStatus = status !== undefined ? { httpStatus: status } : {};
  if (code && THROTTLE_CODES.has(code)) {
    const raw = fault?.values.BackOffMilliseconds;
    const backOff = raw !== undefined ? Number(raw) : libraryBackOff(lib);
    const retryAfterMs = backOff !== undefined && Number.isFinite(backOff) ? backOff : DEFAULT_BACKOFF_MS;
    return new ThrottledError({ ...base, ...withStatus, code, message: `EWS ${code}: ${message} (back off ${retryAfterMs} ms)`, retryAfterMs });
  }
  if (code && RESYNC_CODES.has(code)) return new ResyncRequiredError({ ...base, ...withStatus, code, message: `EWS ${code}: ${message}` });
  if (code) return new ConnectorError({ ...base, ...withStatus, code, message: `EWS ${code}: ${message}` });
  if (status === 503) {
    // IIS queue full / server overloaded: a pause, not a failure (sync-semantics.md §1.8).
    const seconds = Number(record.lastFailure?.headers['retry-after']);
    const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_BACKOFF_MS;
    return new ThrottledError({ ...base, httpStatus: status, code: 'HTTP_503', message: `EWS answered HTTP 503 (retry after ${retryAfterMs} ms)`, retryAfterMs });
  }
  if (status !== undefined) return new ConnectorError({ ...base, httpStatus: status, code: `HTTP_${status}`, message: `EWS answered HTTP ${status}` });
  return new ConnectorError({ ...base, code: 'MB_EWS_FAILED', message: `EWS request failed: ${message}` });
}
