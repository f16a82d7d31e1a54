/**
 * What the agent's `diagnose.explain` method needs: its params schema and the pure
 * handler. Params: `{ text }` (any error text) or `{ code }` (one canonical code), plus
 * optional `maxMatches`. The result is the diagnosis document, the same as
 * `mailbridge diagnose --json` prints. The agent engineer wires this into the method table.
 */
import { diagnose, explainCode } from './diagnose.js';
import { DIAGNOSIS_SCHEMA_ID, type DiagnosisDocument } from './diagnosis-document.js';
import type { DiagnoseExplainParams } from './explain-params.js';

export function explainForRpc(params: DiagnoseExplainParams): DiagnosisDocument {
  const options = params.maxMatches === undefined ? {} : { maxMatches: params.maxMatches };
  if (params.code !== undefined) {
    const match = explainCode(params.code);
    if (match) return { schema: DIAGNOSIS_SCHEMA_ID, matches: [match] };
    return diagnose(params.code, options);
  }
  return diagnose(params.text ?? '', options);
}
