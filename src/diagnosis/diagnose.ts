/**
 * The matcher's public face: `diagnose(text)` turns any error text into the diagnosis
 * document (best match first), `explainCode(code)` explains one known code, and
 * `diagnoseError(err)` reads a thrown error (its code, cause chain, AggregateError
 * members, HTTP status) for the check runner and the sync engine. Pure, no I/O.
 *
 * Ranking (error-catalog.md §0.1): the more specific code wins (an AADSTS code over the
 * HTTP 400 around it, ErrorImpersonateUserDenied over the 500 it came in, a Node TLS
 * code over any EWS wrapper); among equals, the surer reading, then the earlier one.
 */
import type { KbEntry } from './kb-entry.js';
import { lookup } from './knowledge-base.js';
import { scanCandidates, type Candidate } from './candidate-scan.js';
import { specificityOf, UNLISTED_CODE_SPECIFICITY } from './specificity.js';
import { unlistedEntry } from './unlisted-codes.js';
import {
  DIAGNOSIS_SCHEMA_ID, type DiagnosisDocument, type DiagnosisMatch, type Evidence,
} from './diagnosis-document.js';

export interface DiagnoseOptions {
  /** At most this many matches (default 10). */
  maxMatches?: number;
}

const EXCERPT_CONTEXT = 60;
const EXCERPT_MAX = 200;

/** The matched text with some context, folded onto one line. */
export function excerptOf(text: string, offset: number, length: number): string {
  const from = Math.max(0, offset - EXCERPT_CONTEXT);
  const to = Math.min(text.length, offset + length + EXCERPT_CONTEXT);
  let excerpt = text.slice(from, to).replace(/\s+/g, ' ').trim();
  if (excerpt.length > EXCERPT_MAX) excerpt = `${excerpt.slice(0, EXCERPT_MAX - 1)}…`;
  return `${from > 0 ? '…' : ''}${excerpt}${to < text.length ? '…' : ''}`;
}

function toMatch(entry: KbEntry, confidence: number, evidence: Evidence, occurrences: number): DiagnosisMatch {
  return {
    code: entry.code,
    family: entry.family,
    title: entry.title,
    cause: entry.cause,
    ...(entry.likelyCauses ? { likelyCauses: entry.likelyCauses } : {}),
    fix: entry.fix,
    confidence: Math.round(confidence * 100) / 100,
    evidence,
    occurrences,
    docs: entry.docs,
    rules: entry.rules,
  };
}

interface Grouped {
  entry: KbEntry;
  best: Candidate;
  occurrences: number;
  score: number;
}

function rank(candidates: readonly Candidate[]): Grouped[] {
  const groups = new Map<string, Grouped>();
  for (const candidate of candidates) {
    const group = groups.get(candidate.code);
    if (!group) {
      const entry = candidate.entry ?? unlistedEntry(candidate.code);
      groups.set(candidate.code, { entry, best: candidate, occurrences: 1, score: 0 });
      continue;
    }
    group.occurrences++;
    if (candidate.confidence > group.best.confidence) group.best = candidate;
  }
  for (const group of groups.values()) {
    const specificity = group.best.entry ? specificityOf(group.entry) : UNLISTED_CODE_SPECIFICITY;
    // Repetition adds a little certainty, never enough to lift a generic code over a specific one.
    const repeated = Math.min(0.03, 0.01 * (group.occurrences - 1));
    group.best = { ...group.best, confidence: Math.min(0.99, group.best.confidence + repeated) };
    group.score = specificity * group.best.confidence;
  }
  // A refining entry outranks what it refines, whatever their scores.
  for (const group of groups.values()) {
    for (const refined of group.entry.refines ?? []) {
      const other = groups.get(refined);
      if (other && other.score >= group.score) group.score = other.score + 0.001;
    }
  }
  return [...groups.values()].sort((a, b) => b.score - a.score || a.best.offset - b.best.offset);
}

const UNMATCHED_SUGGESTIONS = [
  'Paste the whole error message, or the log lines around the failure, including any code (AADSTS…, Error…, ECONN…, CERT_…, ERR_…, an HTTP status).',
  'For Microsoft Graph, paste the JSON error body: {"error":{"code":…,"message":…}}.',
  'For EWS, paste the SOAP response body: its ResponseCode or faultcode element names the error.',
  'For a Node.js stack trace, include the line with `code:` and any `[cause]` or `[errors]` block under it.',
  'Run `mailbridge check <profile>` to test DNS, ports, TLS and sign-in; every failed check carries its own diagnosis.',
];

/** Diagnoses any text: a code, a message, a stack trace, a JSON or SOAP body, a log excerpt. */
export function diagnose(text: string, options: DiagnoseOptions = {}): DiagnosisDocument {
  const maxMatches = options.maxMatches ?? 10;
  const trimmed = text.trim();
  // A bare code (as typed or copied from an admin page): answer it directly.
  if (trimmed.length > 0 && trimmed.length <= 64 && !/\s/.test(trimmed)) {
    const entry = lookup(trimmed);
    if (entry) {
      const offset = text.indexOf(trimmed);
      return {
        schema: DIAGNOSIS_SCHEMA_ID,
        matches: [toMatch(entry, 1, { offset, length: trimmed.length, excerpt: trimmed, kind: 'lookup' }, 1)],
      };
    }
  }
  const ranked = rank(scanCandidates(text)).slice(0, maxMatches);
  if (ranked.length === 0) {
    return {
      schema: DIAGNOSIS_SCHEMA_ID,
      matches: [],
      unmatched: {
        message: trimmed.length === 0
          ? 'Nothing to diagnose: the input is empty.'
          : 'No known error code or message was recognised in the input.',
        suggestions: UNMATCHED_SUGGESTIONS,
      },
    };
  }
  return {
    schema: DIAGNOSIS_SCHEMA_ID,
    matches: ranked.map((group) => toMatch(group.entry, group.best.confidence, {
      offset: group.best.offset,
      length: group.best.length,
      excerpt: excerptOf(text, group.best.offset, group.best.length),
      kind: group.best.kind,
    }, group.occurrences)),
  };
}

/** The explanation of one code as a match (confidence 1), or undefined when the code is unknown. */
export function explainCode(code: string): DiagnosisMatch | undefined {
  const entry = lookup(code);
  if (!entry) return undefined;
  return toMatch(entry, 1, { offset: 0, length: code.length, excerpt: code, kind: 'lookup' }, 1);
}

/**
 * The text that describes a thrown error, cause chain and AggregateError members
 * included (Node 20's fetch hides the socket error in `cause`; happy eyeballs puts one
 * error per address in `errors`).
 */
export function describeError(error: unknown, depth = 0): string {
  if (depth > 4 || error === null || error === undefined) return '';
  if (typeof error !== 'object') return String(error);
  const e = error as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of ['name', 'message', 'code', 'errorCode', 'errorMessage', 'statusCode', 'status', 'responseCode', 'body']) {
    const value = e[key];
    if (typeof value === 'string' || typeof value === 'number') parts.push(`${key}: ${String(value)}`);
  }
  if (Array.isArray(e.errors)) for (const inner of e.errors) parts.push(describeError(inner, depth + 1));
  if (e.cause !== undefined) parts.push(describeError(e.cause, depth + 1));
  return parts.filter((p) => p.length > 0).join('\n');
}

/** The best match for a thrown error, or undefined when nothing is recognised. */
export function diagnoseError(error: unknown): DiagnosisMatch | undefined {
  return diagnose(describeError(error), { maxMatches: 1 }).matches[0];
}
