/**
 * `checks.run` with `draft` (issue #6, the setup wizard's live validation): an unsaved
 * profile parsed like a saved one so its plan is the same as after saving. A draft whose
 * shape is wrong cannot be planned and is refused with the first problem; rule findings
 * on a well-formed draft are left to the profile.valid check, which reports them all.
 */
import { OperatorError } from '../../src/errors/operator-error.js';
import type { Profile } from '../../src/profiles/profile-schema.js';
import { validateProfile } from '../../src/profiles/validate-profile.js';

export function draftProfile(input: Record<string, unknown>, stored: readonly Profile[]): Profile {
  const { profile, issues } = validateProfile(input, { others: stored });
  if (profile) return profile;
  const first = issues.find((i) => i.severity === 'error') ?? issues[0];
  throw new OperatorError({
    code: 'MB_CHECK_DRAFT_INVALID', family: 'config', field: `draft.${first?.path ?? ''}`, exitCode: 2,
    message: `draft profile cannot be checked: ${first?.message ?? 'it is not a profile'}`,
    cause: 'The checks are planned from the profile; this draft is missing fields or has fields of the wrong type.',
    fix: [first?.fix ?? 'Complete the profile fields the message names, then run the checks again.'],
  });
}
