/**
 * The knowledge base as the rest of mailbridge sees it: every entry from the family files
 * in kb/, indexed by canonical code, and `lookup(code)` that accepts the forms an operator
 * or a caller has at hand ("401", "aadsts50126", "cert_has_expired", an alias).
 */
import type { KbEntry } from './kb-entry.js';
import { KB_ENTRIES } from './kb/all-entries.js';

export { KB_ENTRIES };

const byCode = new Map<string, KbEntry>();
const byFoldedCode = new Map<string, KbEntry>();
for (const entry of KB_ENTRIES) {
  byCode.set(entry.code, entry);
  byFoldedCode.set(entry.code.toLowerCase(), entry);
}
for (const entry of KB_ENTRIES) {
  for (const alias of entry.patterns.aliases ?? []) {
    if (!byCode.has(alias)) byCode.set(alias, entry);
    if (!byFoldedCode.has(alias.toLowerCase())) byFoldedCode.set(alias.toLowerCase(), entry);
  }
}

/**
 * The entry for a code: exact canonical code or alias first, then case-insensitively,
 * then the short forms: a bare HTTP status ("503") and a bare Entra number ("50126").
 */
export function lookup(code: string): KbEntry | undefined {
  const trimmed = code.trim();
  const exact = byCode.get(trimmed) ?? byFoldedCode.get(trimmed.toLowerCase());
  if (exact) return exact;
  if (/^\d{3}$/.test(trimmed)) return byCode.get(`HTTP_${trimmed}`);
  if (/^\d{4,8}$/.test(trimmed)) return byCode.get(`AADSTS${trimmed}`);
  const httpForm = /^HTTP[ _-]?(\d{3})$/i.exec(trimmed);
  if (httpForm) return byCode.get(`HTTP_${httpForm[1]}`);
  return undefined;
}

/** Exact canonical-code lookup, for the matcher (aliases resolve to their entry). */
export function entryForCode(code: string): KbEntry | undefined {
  return byCode.get(code);
}
