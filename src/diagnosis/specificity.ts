/**
 * How much a code explains on its own, used to rank matches (error-catalog.md §0.1):
 * the transport code under any wrapper first, then an AADSTS code or an EWS/Graph code,
 * and the HTTP status that carried them last. An entry may set its own `specificity`
 * (a generic server error, a catch-all); otherwise the shape of its code decides.
 */
import type { KbEntry } from './kb-entry.js';

const TRANSPORT_FAMILIES = new Set(['tls', 'dns', 'tcp', 'ntlm-md4']);

export function specificityOf(entry: KbEntry): number {
  if (entry.specificity !== undefined) return entry.specificity;
  const { code, family } = entry;
  if (code.startsWith('HTTP_')) return 30;
  if (code.startsWith('MB_')) return 88;
  if (code.startsWith('AADSTS')) return 90;
  if (TRANSPORT_FAMILIES.has(family) && /^[A-Z][A-Z0-9_]+$/.test(code)) return 95;
  if (code.startsWith('Error')) return 85;
  return 80;
}

/** Specificity for a code the knowledge base does not know (an unlisted AADSTS or EWS code). */
export const UNLISTED_CODE_SPECIFICITY = 75;
