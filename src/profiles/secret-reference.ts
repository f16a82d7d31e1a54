/**
 * A secret reference: the slot in a profile where a secret belongs (EX-4 password,
 * client secret, certificate key) holds the *name* of a secret-store field, never the
 * value (AG-5). The value goes in with `mailbridge secrets set PROFILE FIELD --stdin`.
 */
import { z } from 'zod';

/** Secret-store field names: short identifiers, also used as keychain account suffixes. */
export const SECRET_FIELD_NAME = /^[A-Za-z][A-Za-z0-9._:@/-]{0,127}$/;

export const secretReferenceSchema = z.strictObject({
  /** The secret-store field that holds the value for this profile. */
  secret: z.string().regex(SECRET_FIELD_NAME, 'a secret field name: a letter, then letters, digits or . _ : @ / -'),
});
export type SecretReference = z.infer<typeof secretReferenceSchema>;

/** A reference slot with its conventional field name as default. */
export function secretSlot(defaultField: string) {
  return secretReferenceSchema.prefault({ secret: defaultField });
}
