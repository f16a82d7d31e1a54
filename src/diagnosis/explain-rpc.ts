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

export const diagnoseExplainParamsSchema = z.object({
  /** Any error text: a message, a stack trace, a JSON or SOAP body, a log excerpt. */
  text: z.string().max(MAX_TEXT).optional(),
  /** One canonical code (or a short form: "401", "50126", "aadsts50126"). */
  code: z.string().min(1).max(128).optional(),
  maxMatches: z.number().int().min(1).max(50).optional(),
}).strict().refine((p) => (p.text === undefined) !== (p.code === undefined), {
  message: 'give exactly one of "text" (any error text) or "code" (one code)',
  path: ['text'],
});
export type DiagnoseExplainParams = z.infer<typeof diagnoseExplainParamsSchema>;

export function explainForRpc(params: DiagnoseExplainParams): DiagnosisDocument {
  const options = params.maxMatches === undefined ? {} : { maxMatches: params.maxMatches };
  if (params.code !== undefined) {
    const match = explainCode(params.code);
    if (match) return { schema: DIAGNOSIS_SCHEMA_ID, matches: [match] };
    return diagnose(params.code, options);
  }
  return diagnose(params.text ?? '', options);
}
