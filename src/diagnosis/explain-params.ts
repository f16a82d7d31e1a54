/**
 * The params of the agent's `diagnose.explain` method. Kept apart from the handler so
 * the protocol table (loaded by every CLI command) does not load the knowledge base.
 */
import { z } from 'zod';

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
