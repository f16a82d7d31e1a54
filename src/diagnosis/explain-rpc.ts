/**
 * What the agent's `diagnose.explain` method needs: its params schema and the pure
 * handler. Params: `{ text }` (any error text) or `{ code }` (one canonical code), plus
 * optional `maxMatches`. The result is the diagnosis document, the same as
 * `mailbridge diagnose --json` prints. The agent engineer wires this into the method table.
 */
import { z } from 'zod';
import { diagnose, explainCode } from './diagnose.js';
import { DIAGNOSIS_SCHEMA_ID, type DiagnosisDocument } from './diagnosis-document.js';

/** The same 1 MiB ceiling as a protocol frame: text beyond it could not have arrived anyway. */
const MAX_TEXT = 1024 * 1024;

export const diagnoseExplainParamsSchema = z.union([
  z.object({ text: z.string().max(MAX_TEXT), maxMatches: z.number().int().min(1).max(50).optional() }).strict(),
  z.object({ code: z.string().min(1).max(128), maxMatches: z.number().int().min(1).max(50).optional() }).strict(),
]);
export type DiagnoseExplainParams = z.infer<typeof diagnoseExplainParamsSchema>;

export function explainForRpc(params: DiagnoseExplainParams): DiagnosisDocument {
  const maxMatches = params.maxMatches;
  if ('code' in params) {
    const match = explainCode(params.code);
    if (match) return { schema: DIAGNOSIS_SCHEMA_ID, matches: [match] };
    return diagnose(params.code, maxMatches === undefined ? {} : { maxMatches });
  }
  return diagnose(params.text, maxMatches === undefined ? {} : { maxMatches });
}
