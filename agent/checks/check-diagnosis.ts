/**
 * The one place where a check's canonical code becomes the diagnosis attached to its
 * result: the knowledge base entry (src/diagnosis/), so every warn/fail carries the same
 * cause and fix steps `mailbridge diagnose` gives. A check may replace the cause with a
 * sentence about what it saw.
 */
import type { CheckDiagnosis } from '../../src/checks/check-report.js';
import { lookup } from '../../src/diagnosis/index.js';

function fromKnowledgeBase(code: string): CheckDiagnosis | undefined {
  const entry = lookup(code);
  return entry ? { code: entry.code, family: entry.family, cause: entry.cause, fix: [...entry.fix] } : undefined;
}

/** True when the KB explains the code (tests assert it for every emitted code). */
export function hasDiagnosis(code: string): boolean {
  return fromKnowledgeBase(code) !== undefined;
}

export function diagnosisFor(code: string, specificCause?: string): CheckDiagnosis {
  const base = fromKnowledgeBase(code) ?? {
    code,
    family: 'other' as const,
    cause: `mailbridge has no explanation for ${code} yet.`,
    fix: [`Run \`mailbridge diagnose ${code}\`, or report this code with the JSON report attached.`],
  };
  return specificCause ? { ...base, cause: specificCause } : base;
}
