/**
 * Turns schema (zod) failures into profile issues that name a rule ID and a fix, and
 * catches secret values written into a profile (AG-5) before the schema sees them, so
 * the finding says "secrets do not belong here" instead of "expected object".
 */
import type { z } from 'zod';
import { formatPath, type ProfileIssue } from './profile-issue.js';
import { PROFILE_KINDS } from './profile-schema.js';
import { SECRET_SLOT_KEYS, SECRET_SLOTS } from './secret-fields.js';

/** Longest matching prefix wins: which requirement a field comes from. */
const FIELD_RULE_IDS: readonly [prefix: string, rule: string][] = [
  ['kind', 'MEM-6'],
  ['name', 'EX-7'],
  ['enabled', 'EX-6'],
  ['default', 'MEM-2'],
  ['intervalMinutes', 'EX-7'],
  ['notificationAddresses', 'EX-11'],
  ['identityAttribute', 'MEM-5'],
  ['tls', 'EX-3'],
  ['proxy', 'EX-2'],
  ['export', 'EX-12'],
  ['import', 'EX-13'],
  ['windows', 'EX-14'],
  ['staff', 'EX-15'],
  ['server', 'EX-7'],
  ['hostedByThirdParty', 'EX-7'],
  ['virtualDirectory', 'EX-7'],
  ['useGraph', 'EX-7'],
  ['exchangeVersion', 'EX-9'],
  ['ports', 'EX-2'],
  ['credentials', 'EX-4'],
  ['credentials.mode', 'EX-10'],
  ['credentials.certificateFile', 'MEM-4'],
  ['credentials.privateKey', 'MEM-4'],
  ['credentials.clientSecret', 'O365-2'],
  ['tenant', 'O365-2'],
  ['clientId', 'O365-2'],
  ['accountType', 'O365-1'],
  ['mail', 'O365-3'],
  ['sharedMailboxes', 'O365-4'],
  ['endpoints', 'O365-2'],
];

export function ruleForPath(path: string): string {
  let best: [string, string] | undefined;
  for (const entry of FIELD_RULE_IDS) {
    const [prefix] = entry;
    const matches = path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
    if (matches && (!best || prefix.length > best[0].length)) best = entry;
  }
  return best?.[1] ?? 'EX-7';
}

/** Unknown keys whose name says "secret": reported as AG-5, never as a mere typo. */
const SECRET_LOOKING_KEY = /pass(word)?|secret|token|private.?key|api.?key/i;

function issue(path: string, rule: string, code: string, problem: string, fix: string): ProfileIssue {
  return { path, rule, code, message: `${path}: ${problem}; ${fix} (${rule})`, fix, severity: 'error' };
}

function secretLeak(path: string): ProfileIssue {
  return issue(
    path,
    'AG-5',
    'MB_SECRET_IN_PROFILE',
    'holds a secret value, and secrets never go into profile files',
    'remove the value from the file and store it with `mailbridge secrets set PROFILE FIELD --stdin` (the profile keeps only a reference such as { "secret": "password" })',
  );
}

export interface SecretLeakScan {
  issues: ProfileIssue[];
  /** The input with every leaked value replaced by a reference (slots) or dropped (stray keys), so rules can still run. */
  sanitised: unknown;
}

/** Scans raw input for secret values: a string in a reference slot, or a secret-looking unknown key anywhere. */
export function scanSecretLeaks(input: unknown, known: ReadonlySet<string>, at: PropertyKey[] = []): SecretLeakScan {
  if (input === null || typeof input !== 'object') return { issues: [], sanitised: input };
  const issues: ProfileIssue[] = [];
  const sanitised: Record<string, unknown> | unknown[] = Array.isArray(input) ? [] : {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    const here = [...at, Array.isArray(input) ? Number(key) : key];
    const inCredentials = at.length === 1 && at[0] === 'credentials';
    const isSlot = inCredentials && SECRET_SLOT_KEYS.includes(key);
    if (isSlot && (typeof value === 'string' || typeof value === 'number')) {
      issues.push(secretLeak(formatPath(here)));
      (sanitised as Record<string, unknown>)[key] = { secret: SECRET_SLOTS.find((slot) => slot.slot === key)?.defaultField ?? key };
    } else if (!isSlot && !known.has(key) && SECRET_LOOKING_KEY.test(key) && typeof value !== 'object') {
      issues.push(secretLeak(formatPath(here)));
    } else {
      const inner = scanSecretLeaks(value, known, here);
      issues.push(...inner.issues);
      (sanitised as Record<string, unknown>)[key] = inner.sanitised;
    }
  }
  return { issues, sanitised };
}

function valueAt(input: unknown, segments: readonly PropertyKey[]): unknown {
  let current = input;
  for (const s of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[s];
  }
  return current;
}

/** One zod issue → one or more profile issues (one per unknown key). */
export function issuesFromZod(error: z.ZodError, input: unknown): ProfileIssue[] {
  return error.issues.flatMap((zi): ProfileIssue[] => {
    const path = formatPath(zi.path);
    const rule = ruleForPath(path);
    if (zi.code === 'unrecognized_keys') {
      return zi.keys.map((key) => {
        const keyPath = formatPath([...zi.path, key]);
        return issue(keyPath, ruleForPath(keyPath), 'MB_FIELD_UNKNOWN', 'is not a field of this profile kind', 'remove it or correct its spelling (see docs/examples/)');
      });
    }
    if (path === 'kind' || (zi.code === 'invalid_union' && zi.path.length === 0)) {
      const kinds = PROFILE_KINDS.map((k) => `"${k}"`).join(' or ');
      return [issue('kind', 'MEM-6', 'MB_PROFILE_KIND_UNKNOWN', `${JSON.stringify(valueAt(input, ['kind']) ?? null)} is not a profile kind`, `set kind to ${kinds}`)];
    }
    if (zi.path.at(-1) === 'kind' && zi.code === 'invalid_union') {
      return [issue(path, rule, 'MB_FIELD_INVALID', 'is not a known credential kind', 'see docs/examples/ for the credential kinds of each profile kind')];
    }
    if (valueAt(input, zi.path) === undefined) {
      return [issue(path, rule, 'MB_FIELD_REQUIRED', 'is required', `add ${path} (${zi.message.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')})`)];
    }
    return [issue(path, rule, 'MB_FIELD_INVALID', zi.message.replace(/^Invalid input: /, 'invalid: '), `correct ${path} (see docs/examples/)`)];
  });
}
