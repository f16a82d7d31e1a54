/**
 * A secret reference: the slot in a profile where a secret belongs (EX-4 password,
 * client secret, certificate key) holds the *name* of a secret-store field, never the
 * value (AG-5). The value goes in with `mailbridge secrets set PROFILE FIELD --stdin`.
 */
import { z } from 'zod';

/**
 * Secret-store field names: the pattern agent/secrets/secret-ref.ts accepts (the name
 * ends up in keyring attributes and systemd credential names, `<profile>.<field>`).
 */
export const SECRET_FIELD_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export const secretReferenceSchema = z.strictObject({
  /** The secret-store field that holds the value for this profile. */
  secret: z.string().regex(SECRET_FIELD_NAME, 'a secret field name: a letter, then up to 63 letters, digits, _ or -'),
});
export type SecretReference = z.infer<typeof secretReferenceSchema>;

/** A reference slot with its conventional field name as default. */
export function secretSlot(defaultField: string) {
  return secretReferenceSchema.prefault({ secret: defaultField });
}
