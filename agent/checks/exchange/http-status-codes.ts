/**
 * The canonical code for an HTTP answer a check did not expect: the knowledge base has
 * HTTP_<status> entries for the statuses Exchange and its front ends send (401, 403, 404,
 * 500, 502, 503, 524…); anything else falls back to the closest class.
 */
import { hasDiagnosis } from '../check-diagnosis.js';

export function httpStatusCode(status: number): string {
  const exact = `HTTP_${status}`;
  if (hasDiagnosis(exact)) return exact;
  return status >= 500 ? 'HTTP_500' : 'HTTP_400';
}

/** A transport failure's code (ECONNRESET, ETIMEDOUT, a TLS code) — all in the KB. */
export function transportCode(code: string): string {
  return code || 'ECONNRESET';
}
