/**
 * Wire schemas of the `secrets.*` methods. Values travel inward only (AG-5): no result
 * schema here has a field that could carry one, and results are parsed through these
 * schemas before they leave the agent, which strips anything else.
 */
import { z } from 'zod';
import { ProfileNameSchema } from './profile-schemas.js';

/** A private key in PEM fits easily; anything bigger is a mistake (a whole file piped in). */
export const MAX_SECRET_BYTES = 64 * 1024;

/** Field names are checked against the profile inside the agent (`password`, `password:DOMAIN\\user`…). */
export const SecretFieldSchema = z.string().min(1).max(300).regex(/^\S+$/, 'a secret field name has no spaces');

export const SecretRefParamsSchema = z.object({
  profile: ProfileNameSchema,
  field: SecretFieldSchema,
});

export const SecretSetParamsSchema = SecretRefParamsSchema.extend({
  // Emptiness and per-field limits (EX-4: 128 characters) are the profile rules' job.
  value: z.string().max(MAX_SECRET_BYTES),
});

export const SecretListParamsSchema = z.object({ profile: ProfileNameSchema });
/** Names of the stored fields only; values never leave the agent. */
export const SecretListResultSchema = z.object({ fields: z.array(z.string()) });

export const SecretSetResultSchema = z.object({ ok: z.literal(true) });
export const SecretHasResultSchema = z.object({ present: z.boolean() });
export const SecretDeleteResultSchema = z.object({ deleted: z.boolean() });
