/**
 * The public diagnosis contract (architecture.md, "Contracts"):
 * `{ schema: "mailbridge.diagnosis/v1", matches: [ … ] }`, best match first.
 *
 * Scripts parse this document, so its schema lives here beside the type, and the CLI
 * and the agent's `diagnose.explain` both produce exactly this shape. `unmatched` is an
 * additive field, present only when nothing matched, saying what to paste instead.
 */
import { z } from 'zod';
import { ERROR_FAMILIES } from '../errors/operator-error.js';
import { docLinkSchema } from './kb-entry.js';

export const DIAGNOSIS_SCHEMA_ID = 'mailbridge.diagnosis/v1';

export const evidenceSchema = z.object({
  /** UTF-16 offset of the matched text in the input. */
  offset: z.number().int().min(0),
  length: z.number().int().min(0),
  /** The matched text with a little context, on one line. */
  excerpt: z.string(),
  /** How the code was read: a literal code, a structured field, a message phrase, an HTTP status. */
  kind: z.enum(['code', 'field', 'phrase', 'status', 'lookup']),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const diagnosisMatchSchema = z.object({
  code: z.string().min(1),
  family: z.enum(ERROR_FAMILIES),
  title: z.string(),
  cause: z.string(),
  likelyCauses: z.array(z.string()).optional(),
  fix: z.array(z.string()).min(1),
  confidence: z.number().min(0).max(1),
  evidence: evidenceSchema,
  /** How many times the input mentions this code or its phrases. */
  occurrences: z.number().int().min(1),
  docs: z.array(docLinkSchema),
  rules: z.array(z.string()),
});
export type DiagnosisMatch = z.infer<typeof diagnosisMatchSchema>;

export const diagnosisDocumentSchema = z.object({
  schema: z.literal(DIAGNOSIS_SCHEMA_ID),
  matches: z.array(diagnosisMatchSchema),
  unmatched: z.object({
    message: z.string(),
    suggestions: z.array(z.string()).min(1),
  }).optional(),
});
export type DiagnosisDocument = z.infer<typeof diagnosisDocumentSchema>;
