/**
 * The one place where a check's canonical code becomes the diagnosis attached to its
 * result. It asks the knowledge base first (src/diagnosis/, wired through
 * `useKnowledgeBase`) and falls back to the local table for codes the KB lacks, so every
 * warn/fail carries cause and fix steps either way.
 */
import type { CheckDiagnosis } from '../../src/checks/check-report.js';
import { LOCAL_DIAGNOSES } from './local-diagnoses.js';

/** A KB lookup by canonical code; returns undefined for unknown codes. */
export type KnowledgeBaseLookup = (code: string) => CheckDiagnosis | undefined;

let knowledgeBase: KnowledgeBaseLookup = () => undefined;

/** Points the checks at the diagnosis knowledge base (called once at start-up). */
export function useKnowledgeBase(lookup: KnowledgeBaseLookup): void {
  knowledgeBase = lookup;
}

/** The diagnosis for a canonical code; `cause` may be replaced by a check-specific sentence. */
export function diagnosisFor(code: string, specificCause?: string): CheckDiagnosis {
  const fromKb = knowledgeBase(code);
  const local = LOCAL_DIAGNOSES[code];
  const base: CheckDiagnosis = fromKb ?? (local ? { code, ...local } : {
    code,
    family: 'other',
    cause: `Unrecognised error ${code}.`,
    fix: ['Run `mailbridge diagnose ' + code + '` for more, or report this code.'],
  });
  return specificCause ? { ...base, fix: [...base.fix], cause: specificCause } : { ...base, fix: [...base.fix] };
}
