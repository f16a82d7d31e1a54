/**
 * The shape of one knowledge-base entry and the zod schema that guards it.
 *
 * An entry extends the shared `Diagnosis` (code, family, cause, fix) with what the matcher
 * and the operator need besides: a title, ranked likely causes, the literal codes and
 * message phrases that recognise it, official documentation links and the requirement IDs
 * it serves. Entries are data; the matcher walks them, it never branches on a code.
 */
import { z } from 'zod';
import { ERROR_FAMILIES, type Diagnosis } from '../errors/operator-error.js';

/** How well an entry's explanation is backed (error-catalog.md, section 0). */
export const EVIDENCE_BASES = ['doc', 'issue', 'inference'] as const;
export type EvidenceBasis = (typeof EVIDENCE_BASES)[number];

export interface DocLink {
  title: string;
  url: string;
}

export interface KbPatterns {
  /**
   * Further literal codes that mean this entry, matched case-sensitively on word
   * boundaries (e.g. `ERR_SSL_CA_MD_TOO_WEAK` for `CA_MD_TOO_WEAK`). The canonical
   * code is always matched and need not be listed.
   */
  aliases?: string[];
  /** Message phrases matched case-insensitively, whitespace-tolerant (ASCII only). */
  phrases?: string[];
}

export interface KbEntry extends Diagnosis {
  /** One line naming the failure, e.g. "Invalid client secret". */
  title: string;
  /** Likely causes, most frequent first, where there are several. */
  likelyCauses?: string[];
  patterns: KbPatterns;
  docs: DocLink[];
  /** Requirement IDs from requirements.md this entry serves (AG-2, EX-3, O365-6, …). */
  rules: string[];
  basis: EvidenceBasis;
  /**
   * How much this code explains on its own, 0..100. A transport code (the root cause
   * under any wrapper) or an AADSTS code ranks above the HTTP status around it.
   * Defaults by code shape (see specificity.ts) when absent.
   */
  specificity?: number;
  /**
   * Codes this entry is a more precise reading of: when both are found, this one ranks
   * first (an application-access-policy denial refines the ErrorAccessDenied it came in).
   */
  refines?: string[];
}

const CANONICAL_CODE = /^(AADSTS\d{4,8}|HTTP_\d{3}|MB_[A-Z0-9_]+|[A-Za-z][A-Za-z0-9_]*)$/;
const ASCII_PRINTABLE = /^[\x20-\x7e]+$/;
const REQUIREMENT_ID = /^[A-Z0-9]+-\d+$/;

export const docLinkSchema = z.object({
  title: z.string().min(3),
  url: z.url({ protocol: /^https$/ }),
});

export const kbEntrySchema = z.object({
  code: z.string().regex(CANONICAL_CODE, 'code must be AADSTS<digits>, HTTP_<n>, MB_<NAME> or a server/Node code'),
  family: z.enum(ERROR_FAMILIES),
  title: z.string().min(5).max(90),
  cause: z.string().min(20),
  likelyCauses: z.array(z.string().min(5)).min(2).optional(),
  fix: z.array(z.string().min(10)).min(1),
  patterns: z.object({
    aliases: z.array(z.string().regex(CANONICAL_CODE)).optional(),
    phrases: z.array(z.string().min(6).regex(ASCII_PRINTABLE, 'phrases are ASCII')).optional(),
  }).strict(),
  docs: z.array(docLinkSchema).min(1),
  rules: z.array(z.string().regex(REQUIREMENT_ID)).min(1),
  basis: z.enum(EVIDENCE_BASES),
  specificity: z.number().int().min(0).max(100).optional(),
  refines: z.array(z.string().regex(CANONICAL_CODE)).min(1).optional(),
}).strict();
