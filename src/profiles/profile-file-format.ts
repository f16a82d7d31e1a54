/**
 * The profile exchange file: what `mailbridge profile export` writes and `profile import`
 * reads. Export writes an envelope with a schema tag; import also takes a bare profile
 * object or an array, so a hand-written file (docs/examples/) imports as it is.
 * Profiles hold secret references only, so an export never carries a secret value.
 */
import { OperatorError } from '../errors/operator-error.js';
import type { Profile } from './profile-schema.js';

export const PROFILE_EXPORT_SCHEMA = 'mailbridge.profiles/v1';

export interface ProfileExport {
  schema: typeof PROFILE_EXPORT_SCHEMA;
  profiles: Profile[];
}

export function buildProfileExport(profiles: readonly Profile[]): ProfileExport {
  return { schema: PROFILE_EXPORT_SCHEMA, profiles: [...profiles] };
}

function invalidFile(source: string, problem: string, underlying?: unknown): OperatorError {
  return new OperatorError({
    code: 'MB_PROFILE_FILE_INVALID',
    family: 'config',
    message: `${source}: ${problem}`,
    cause: `The file is not a profile file: ${problem}.`,
    fix: ['Write one profile object, an array of profiles, or an export from `mailbridge profile export`.', 'See docs/examples/ for complete examples.'],
    exitCode: 2,
    underlying,
  });
}

/** Parses file text into raw (unvalidated) profile candidates; validation comes next, per profile. */
export function readProfileFile(text: string, source: string): unknown[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw invalidFile(source, `not valid JSON (${error instanceof Error ? error.message : String(error)})`, error);
  }
  if (Array.isArray(document)) return document;
  if (document !== null && typeof document === 'object') {
    const record = document as Record<string, unknown>;
    if ('schema' in record || 'profiles' in record) {
      if (record.schema !== PROFILE_EXPORT_SCHEMA) throw invalidFile(source, `schema ${JSON.stringify(record.schema)} is not "${PROFILE_EXPORT_SCHEMA}"`);
      if (!Array.isArray(record.profiles)) throw invalidFile(source, '"profiles" is not an array');
      return record.profiles;
    }
    return [document];
  }
  throw invalidFile(source, 'the top level is neither an object nor an array');
}
