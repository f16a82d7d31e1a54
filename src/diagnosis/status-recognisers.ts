/**
 * Where an HTTP status hides in text, as data: the words that come just before a status
 * ("HTTP/1.1 401", "statusCode: 403", "error code:401", "HTTP 456") and the reason
 * phrases that come just after one ("(401) Unauthorized", "524: A timeout occurred").
 *
 * Each recogniser is a literal the automaton finds in the single pass, plus a small
 * sticky regex run only at that spot to read the number. The sticky regexes have no
 * nested quantifiers, so they cannot backtrack badly whatever the input.
 */

export interface StatusContext {
  /** Literal found by the automaton (case-insensitive). */
  literal: string;
  /** Read from the end of the literal; group 1 is the status. */
  after: RegExp;
  /** Confidence that the number read is an HTTP status of this exchange. */
  confidence: number;
}

export interface StatusReason {
  literal: string;
  status: number;
  /** Confidence when a matching number precedes the reason. */
  withNumber: number;
  /** Confidence when the reason stands alone (0 = ignore it alone). */
  alone: number;
}

const SEPARATORS_THEN_STATUS = /(?:[ _-]?code)?["']?[ \t]*[:=]?[ \t]*["']?\(?[ \t]*(\d{3})(?!\d)/iy;

export const STATUS_CONTEXTS: readonly StatusContext[] = [
  { literal: 'http/1.1', after: /[ \t]+(\d{3})(?!\d)/y, confidence: 0.75 },
  { literal: 'http/1.0', after: /[ \t]+(\d{3})(?!\d)/y, confidence: 0.75 },
  { literal: 'http/2', after: /(?:\.0)?[ \t]+(\d{3})(?!\d)/y, confidence: 0.75 },
  { literal: 'status', after: SEPARATORS_THEN_STATUS, confidence: 0.72 },
  { literal: 'error code', after: /[ \t]*[:=]?[ \t]*(\d{3})(?!\d)/y, confidence: 0.68 },
  { literal: 'errorcode', after: /["']?[ \t]*[:=]?[ \t]*["']?(\d{3})(?!\d)/y, confidence: 0.6 },
  { literal: 'http error', after: /[ \t]*[:=]?[ \t]*(\d{3})(?!\d)/y, confidence: 0.68 },
  { literal: 'http', after: /[ \t]+(\d{3})(?![\d.])/y, confidence: 0.68 },
  { literal: 'error', after: /[ \t]+(\d{3})(?![\d.:])/y, confidence: 0.5 },
  { literal: 'returned an error:', after: /[ \t]*\((\d{3})\)/y, confidence: 0.72 },
];

export const STATUS_REASONS: readonly StatusReason[] = [
  { literal: 'Unauthorized', status: 401, withNumber: 0.72, alone: 0.35 },
  { literal: 'Forbidden', status: 403, withNumber: 0.72, alone: 0.3 },
  { literal: 'Not Found', status: 404, withNumber: 0.7, alone: 0 },
  { literal: 'Proxy Authentication Required', status: 407, withNumber: 0.8, alone: 0.7 },
  { literal: 'Login Timeout', status: 440, withNumber: 0.85, alone: 0.7 },
  { literal: 'Internal Server Error', status: 500, withNumber: 0.7, alone: 0.4 },
  { literal: 'Bad Gateway', status: 502, withNumber: 0.72, alone: 0.45 },
  { literal: 'Service Unavailable', status: 503, withNumber: 0.72, alone: 0.45 },
  { literal: 'Gateway Timeout', status: 504, withNumber: 0.72, alone: 0.45 },
  { literal: 'Gateway Time-out', status: 504, withNumber: 0.72, alone: 0.45 },
  { literal: 'Too Many Requests', status: 429, withNumber: 0.75, alone: 0.55 },
  { literal: 'A timeout occurred', status: 524, withNumber: 0.8, alone: 0.6 },
];

/** Look this far back from a reason phrase for its number ("HTTP/1.1 401 Unauthorized", "(401) Unauthorized"). */
export const REASON_LOOKBACK = /(\d{3})\)?:?[ \t]*$/;

export function isPlausibleStatus(status: number): boolean {
  return status >= 400 && status <= 599;
}
