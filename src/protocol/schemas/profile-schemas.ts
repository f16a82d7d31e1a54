/**
 * Wire schemas of the `profiles.*` methods. The profile itself is validated by the
 * profile schema in src/profiles inside the agent (it owns the rules and their IDs);
 * on the wire a profile is a JSON object, so the protocol does not have to change
 * whenever a profile field is added.
 */
import { z } from 'zod';
import type { RpcIssue } from '../error-codes.js';

export const ProfileNameSchema = z.string().min(1).max(200);

/** A profile as the agent returns it: never with secrets (they live in the secret store). */
export const ProfileDocumentSchema = z.record(z.string(), z.unknown());

export const ProfileSummarySchema = z.object({
  name: z.string(),
  kind: z.string(),
  server: z.string().nullable(),
  enabled: z.boolean(),
  default: z.boolean(),
});
export type ProfileSummary = z.output<typeof ProfileSummarySchema>;

export const IssueSchema: z.ZodType<RpcIssue> = z.object({
  path: z.string(),
  rule: z.string().optional(),
  message: z.string(),
  fix: z.string().optional(),
  code: z.string().optional(),
  severity: z.enum(['error', 'warning']).optional(),
  profile: z.string().optional(),
});

export const ProfilesListResultSchema = z.object({
  profiles: z.array(ProfileSummarySchema),
  default: z.string().optional(),
});

export const ProfileByNameParamsSchema = z.object({ name: ProfileNameSchema });

export const ProfileDeleteParamsSchema = ProfileByNameParamsSchema.extend({
  /** Leave the profile's secrets in the secret store (they are deleted with it by default). */
  keepSecrets: z.boolean().optional(),
});

export const ProfileResultSchema = z.object({ profile: ProfileDocumentSchema });

export const ProfileInputParamsSchema = z.object({ profile: z.unknown().refine((v) => v !== undefined, 'required') });

export const ProfilePutResultSchema = z.object({
  profile: ProfileDocumentSchema,
  warnings: z.array(IssueSchema),
});

export const ProfileDeleteResultSchema = z.object({ deleted: z.boolean() });

export const ProfileValidateResultSchema = z.object({
  valid: z.boolean(),
  issues: z.array(IssueSchema),
});
