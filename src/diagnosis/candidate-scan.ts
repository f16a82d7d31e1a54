/**
 * Reads every candidate out of a text in one pass: literal codes, codes in structured
 * fields (SOAP ResponseCode/faultcode, JSON "code", Node `code: '…'`), AADSTS numbers,
 * EWS `Error…` names, HTTP statuses and message phrases.
 *
 * The recognisers are compiled once, on first use, into a single automaton
 * (literal-automaton.ts); each automaton hit is then checked in place (word boundaries,
 * exact case for codes, the number after a status context). Pure: text in, candidates out.
 */
import type { KbEntry } from './kb-entry.js';
import { KB_ENTRIES, entryForCode } from './knowledge-base.js';
import { compileAutomaton, type CompiledAutomaton } from './literal-automaton.js';
import {
  REASON_LOOKBACK, STATUS_CONTEXTS, STATUS_REASONS, isPlausibleStatus,
  type StatusContext, type StatusReason,
} from './status-recognisers.js';
import type { Evidence } from './diagnosis-document.js';

export interface Candidate {
  /** Canonical code (a KB entry's code, or an unlisted AADSTS/EWS code). */
  code: string;
  /** The KB entry, when the code is known. */
  entry: KbEntry | undefined;
  confidence: number;
  offset: number;
  length: number;
  kind: Evidence['kind'];
}

type Recogniser =
  | { kind: 'code'; literal: string; entry: KbEntry }
  | { kind: 'phrase'; literal: string; entry: KbEntry }
  | { kind: 'aadsts'; literal: string }
  | { kind: 'ews-error'; literal: string }
  | { kind: 'json-code'; literal: string }
  | { kind: 'status-context'; literal: string; context: StatusContext }
  | { kind: 'status-reason'; literal: string; reason: StatusReason };

interface Compiled {
  automaton: CompiledAutomaton;
  recognisers: Recogniser[];
}

const CONFIDENCE = {
  field: 0.97,
  code: 0.92,
  unlistedAadsts: 0.6,
  unlistedEwsCode: 0.55,
  unlistedGraphCode: 0.5,
  longPhrase: 0.82,
  shortPhrase: 0.7,
} as const;

let compiled: Compiled | undefined;

function compile(): Compiled {
  const recognisers: Recogniser[] = [];
  for (const entry of KB_ENTRIES) {
    for (const literal of [entry.code, ...(entry.patterns.aliases ?? [])]) {
      recognisers.push({ kind: 'code', literal, entry });
    }
    for (const literal of entry.patterns.phrases ?? []) recognisers.push({ kind: 'phrase', literal, entry });
  }
  recognisers.push({ kind: 'aadsts', literal: 'AADSTS' });
  recognisers.push({ kind: 'ews-error', literal: 'Error' });
  recognisers.push({ kind: 'json-code', literal: '"code"' });
  for (const context of STATUS_CONTEXTS) recognisers.push({ kind: 'status-context', literal: context.literal, context });
  for (const reason of STATUS_REASONS) recognisers.push({ kind: 'status-reason', literal: reason.literal, reason });
  return { automaton: compileAutomaton(recognisers.map((r) => r.literal)), recognisers };
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** True when the span is not glued to letters or digits on a side where it starts/ends with one. */
function onWordBoundaries(text: string, start: number, end: number, wordChar: (c: number) => boolean): boolean {
  if (start > 0 && wordChar(text.charCodeAt(start)) && wordChar(text.charCodeAt(start - 1))) return false;
  if (end < text.length && wordChar(text.charCodeAt(end - 1)) && wordChar(text.charCodeAt(end))) return false;
  return true;
}

/**
 * The structured places a code sits in: `<m:ResponseCode>`, `<faultcode>a:`, JSON
 * `"code": "`, Node's `code: '`, `errorCode=`, `"error": "`, `Error [` (Node's own
 * rendering of `err.code`). Tested against at most 96 characters before the code.
 */
const FIELD_BEFORE = /(?:ResponseCode>|faultcode[^>]{0,80}>(?:\w{1,10}:)?|["']?(?:code|errorCode|error_code|error|ResponseCode)["']?\s{0,3}[:=]\s{0,3}["']?|Error \[|AggregateError \[)$/i;

function inField(text: string, start: number): boolean {
  return FIELD_BEFORE.test(text.slice(Math.max(0, start - 96), start));
}

const AADSTS_DIGITS = /\d{4,8}(?!\d)/y;
const EWS_NAME_TAIL = /[A-Z][A-Za-z]{5,60}(?![A-Za-z0-9_])/y;
const JSON_CODE_VALUE = /[ \t]*:[ \t]*"([A-Za-z][A-Za-z0-9_]{3,60})"/y;
/** A Graph error body: `"code"` inside an `"error"` object opened shortly before. */
const ERROR_OBJECT_BEFORE = /"error"\s{0,3}:\s{0,3}\{[^{}]{0,200}$/;

/** Every candidate in `text`, in text order. */
export function scanCandidates(text: string): Candidate[] {
  compiled ??= compile();
  const { automaton, recognisers } = compiled;
  const found: Candidate[] = [];

  automaton.scan(text, (index, start, end) => {
    const recogniser = recognisers[index]!;
    switch (recogniser.kind) {
      case 'code': {
        if (text.slice(start, end) !== recogniser.literal) return;
        if (!onWordBoundaries(text, start, end, isWordChar)) return;
        const field = inField(text, start);
        found.push({ code: recogniser.entry.code, entry: recogniser.entry, confidence: field ? CONFIDENCE.field : CONFIDENCE.code, offset: start, length: end - start, kind: field ? 'field' : 'code' });
        return;
      }
      case 'phrase': {
        if (!onWordBoundaries(text, start, end, isAlnum)) return;
        const confidence = recogniser.literal.length >= 18 ? CONFIDENCE.longPhrase : CONFIDENCE.shortPhrase;
        found.push({ code: recogniser.entry.code, entry: recogniser.entry, confidence, offset: start, length: end - start, kind: 'phrase' });
        return;
      }
      case 'aadsts': {
        AADSTS_DIGITS.lastIndex = end;
        const digits = AADSTS_DIGITS.exec(text);
        if (!digits) return;
        const code = `AADSTS${digits[0]}`;
        const entry = entryForCode(code);
        if (entry) return; // the literal-code recogniser reports known codes
        found.push({ code, entry: undefined, confidence: CONFIDENCE.unlistedAadsts, offset: start, length: end - start + digits[0].length, kind: 'code' });
        return;
      }
      case 'ews-error': {
        // An EWS response code the KB does not list: only trusted inside a structured field.
        if (text.charCodeAt(start) !== 69 /* E */ || (start > 0 && isWordChar(text.charCodeAt(start - 1)))) return;
        EWS_NAME_TAIL.lastIndex = end;
        const tail = EWS_NAME_TAIL.exec(text);
        if (!tail) return;
        const code = `Error${tail[0]}`;
        if (entryForCode(code) || !inField(text, start)) return;
        found.push({ code, entry: undefined, confidence: CONFIDENCE.unlistedEwsCode, offset: start, length: code.length, kind: 'field' });
        return;
      }
      case 'json-code': {
        // A Graph (or other JSON API) error code the KB does not list yet.
        JSON_CODE_VALUE.lastIndex = end;
        const value = JSON_CODE_VALUE.exec(text);
        if (!value || !value[1] || entryForCode(value[1]) || value[1].startsWith('Error') || value[1].startsWith('AADSTS')) return;
        if (!ERROR_OBJECT_BEFORE.test(text.slice(Math.max(0, start - 240), start))) return;
        const codeStart = JSON_CODE_VALUE.lastIndex - value[1].length - 1;
        found.push({ code: value[1], entry: undefined, confidence: CONFIDENCE.unlistedGraphCode, offset: codeStart, length: value[1].length, kind: 'field' });
        return;
      }
      case 'status-context': {
        const { after, confidence } = recogniser.context;
        after.lastIndex = end;
        const m = after.exec(text);
        if (!m || !m[1]) return;
        const status = Number(m[1]);
        const entry = isPlausibleStatus(status) ? entryForCode(`HTTP_${status}`) : undefined;
        if (!entry) return;
        found.push({ code: entry.code, entry, confidence, offset: start, length: after.lastIndex - start, kind: 'status' });
        return;
      }
      case 'status-reason': {
        const { reason } = recogniser;
        // Word characters, underscore included: "unauthorized_client" is an OAuth error, not a 401.
        if (!onWordBoundaries(text, start, end, isWordChar)) return;
        const before = REASON_LOOKBACK.exec(text.slice(Math.max(0, start - 12), start));
        const entry = entryForCode(`HTTP_${reason.status}`);
        if (!entry) return;
        if (before && Number(before[1]) === reason.status) {
          const numberStart = start - before[0].length;
          found.push({ code: entry.code, entry, confidence: reason.withNumber, offset: numberStart, length: end - numberStart, kind: 'status' });
        } else if (reason.alone > 0) {
          found.push({ code: entry.code, entry, confidence: reason.alone, offset: start, length: end - start, kind: 'phrase' });
        }
        return;
      }
    }
  });
  return found;
}
