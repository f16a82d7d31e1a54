/**
 * A compact way to write an Entra ID (AADSTS) entry: the code is always AADSTS<number>,
 * the Entra error-code reference is always one of the docs, and the per-code lookup page
 * is always a fix step worth offering last.
 */
import type { ErrorFamily } from '../../errors/operator-error.js';
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

type Extra = Partial<Pick<KbEntry, 'likelyCauses' | 'patterns' | 'docs' | 'rules' | 'basis' | 'specificity'>>;

export function entraEntry(number: string, family: ErrorFamily, title: string, cause: string, fix: string[], extra: Extra = {}): KbEntry {
  return {
    code: `AADSTS${number}`,
    family,
    title,
    cause,
    ...(extra.likelyCauses ? { likelyCauses: extra.likelyCauses } : {}),
    fix,
    patterns: extra.patterns ?? {},
    docs: [...(extra.docs ?? []), DOCS.entraErrorCodes],
    rules: extra.rules ?? ['AG-2'],
    basis: extra.basis ?? 'doc',
    ...(extra.specificity !== undefined ? { specificity: extra.specificity } : {}),
  };
}
