/**
 * The one place where a check's canonical code becomes the diagnosis attached to its
 * result: the knowledge base entry (src/diagnosis/) when there is one, else the local
 * entry for the few findings only the checks produce, so every warn/fail carries a cause
 * and fix steps. A check may replace the cause with a sentence about what it saw.
 */
import type { CheckDiagnosis } from '../../src/checks/check-report.js';
import { lookup } from '../../src/diagnosis/index.js';
import { LOCAL_DIAGNOSES } from './local-diagnoses.js';

function fromKnowledgeBase(code: string): CheckDiagnosis | undefined {
  const entry = lookup(code);
  return entry ? { code: entry.code, family: entry.family, cause: entry.cause, fix: [...entry.fix] } : undefined;
}

function fromLocalTable(code: string): CheckDiagnosis | undefined {
  const local = LOCAL_DIAGNOSES[code];
  return local ? { code, family: local.family, cause: local.cause, fix: [...local.fix] } : undefined;
}

/** True when the KB or the local table explains the code (tests assert it for every emitted code). */
export function hasDiagnosis(code: string): boolean {
  return fromKnowledgeBase(code) !== undefined || fromLocalTable(code) !== undefined;
}

export function diagnosisFor(code: string, specificCause?: string): CheckDiagnosis {
  const base = fromKnowledgeBase(code) ?? fromLocalTable(code) ?? {
    code,
    family: 'other' as const,
    cause: `mailbridge has no explanation for ${code} yet.`,
    fix: [`Run \`mailbridge diagnose ${code}\`, or report this code with the JSON report attached.`],
  };
  return specificCause ? { ...base, cause: specificCause } : base;
}
