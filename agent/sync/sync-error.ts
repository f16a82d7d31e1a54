/**
 * A sync failure as the summary, the run history and the console show it: where (mailbox,
 * folder), the canonical code, the message, and a diagnosis — the diagnosis matcher's top
 * match for the error (diagnoseError + toCheckDiagnosis), or the error's own cause and fix
 * when the knowledge base does not know it.
 */
import { diagnoseError, toCheckDiagnosis } from '../../src/diagnosis/index.js';
import { isOperatorError, type Diagnosis } from '../../src/errors/operator-error.js';

export interface SyncErrorEntry {
  mailbox: string;
  folder?: string;
  code: string;
  message: string;
  diagnosis: Diagnosis | null;
}

export function syncErrorEntry(error: unknown, mailbox: string, folder?: string): SyncErrorEntry {
  const message = error instanceof Error ? error.message : String(error);
  const code = isOperatorError(error) ? error.code : (typeof (error as { code?: unknown })?.code === 'string' ? String((error as { code: string }).code) : 'MB_SYNC_FAILED');
  let diagnosis = toCheckDiagnosis(diagnoseError(error));
  if (isOperatorError(error) && (!diagnosis || diagnosis.code !== error.code)) {
    diagnosis = { code: error.code, family: error.family, cause: error.cause, fix: [...error.fix] };
  }
  return { mailbox, ...(folder ? { folder } : {}), code, message, diagnosis };
}
