/**
 * The bridge from a diagnosis match to the `diagnosis` slot of a check result
 * (architecture.md, check report: `{ code, family, cause, fix }` or null), so the check
 * runner and the sync engine attach the matcher's top match the same way.
 */
import type { Diagnosis } from '../errors/operator-error.js';
import type { DiagnosisMatch } from './diagnosis-document.js';

export function toCheckDiagnosis(match: DiagnosisMatch | undefined): Diagnosis | null {
  if (!match) return null;
  return { code: match.code, family: match.family, cause: match.cause, fix: [...match.fix] };
}
