/**
 * `mailbridge profile import` and `profile validate`: read a profile file, validate every
 * profile in it — alone, against the stored profiles, and as a batch (MEM-2, MEM-3) —
 * and only when nothing is wrong, write them. An invalid file writes nothing.
 */
import fs from 'node:fs';
import { OperatorError } from '../../errors/operator-error.js';
import { readProfileFile } from '../../profiles/profile-file-format.js';
import type { ProfileIssue } from '../../profiles/profile-issue.js';
import type { Profile } from '../../profiles/profile-schema.js';
import { validateProfile, validateProfileSet } from '../../profiles/validate-profile.js';
import type { ProfileAccess } from './profile-access.js';
import { CROSS_PROFILE_CODES } from '../../profiles/cross-profile-rules.js';


export async function readProfileSource(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new OperatorError({
      code: 'MB_PROFILE_FILE_UNREADABLE',
      family: 'config',
      message: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      cause: 'The profile file does not exist or this user may not read it.',
      fix: ['Check the path (relative paths are taken from the current directory), or pass - to read the file from stdin.'],
      exitCode: 2,
      underlying: error,
    });
  }
}

export interface BatchValidation {
  candidates: unknown[];
  issues: ProfileIssue[];
  valid: boolean;
}

function label(input: unknown, index: number, parsed?: Profile): string {
  const name = parsed?.name ?? (input as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : `#${index + 1}`;
}

function dedupe(issues: ProfileIssue[]): ProfileIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.profile}|${i.code}|${i.path}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every issue of every profile in the file; nothing is written here. */
export async function validateBatch(access: ProfileAccess, text: string, source: string): Promise<BatchValidation> {
  const candidates = readProfileFile(text, source);
  const issues: ProfileIssue[] = [];
  const parsed: Profile[] = [];
  for (const [index, input] of candidates.entries()) {
    const local = validateProfile(input);
    const name = label(input, index, local.profile);
    // A file with a secret in it is judged here alone: the value must not travel to the agent.
    const leaked = local.issues.some((i) => i.code === 'MB_SECRET_IN_PROFILE');
    if (local.profile && !leaked) {
      parsed.push(local.profile);
      // Against what is stored (the agent's view when one runs): includes the cross-profile lints.
      const remote = await access.validate(input);
      issues.push(...remote.issues.map((i) => ({ ...i, profile: i.profile ?? name })));
    } else {
      issues.push(...local.issues.map((i) => ({ ...i, profile: i.profile ?? name })));
    }
  }
  if (parsed.length === candidates.length && parsed.length > 1) issues.push(...validateProfileSet(parsed).filter((i) => CROSS_PROFILE_CODES.has(i.code)));
  if (candidates.length === 0) {
    const fix = 'put at least one profile in the file (see docs/examples/)';
    issues.push({ path: '(file)', rule: 'MEM-2', code: 'MB_PROFILE_FILE_EMPTY', message: `(file): holds no profile; ${fix} (MEM-2)`, fix, severity: 'error' });
  }
  const unique = dedupe(issues).sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return { candidates, issues: unique, valid: !unique.some((i) => i.severity === 'error') };
}
