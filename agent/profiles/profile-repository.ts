/**
 * ProfileRepository: the integration profiles on disk — `profiles.json` in the config
 * directory (src/paths.ts, MAILBRIDGE_CONFIG_DIR), kept with `conf`.
 *
 * - Never secrets in it: profiles hold secret references only, and validation refuses
 *   a value in a secret slot (AG-5).
 * - Every write validates fully first (schema, rules, cross-profile lints MEM-2/MEM-3)
 *   and then replaces the whole file atomically (conf writes a temp file and renames),
 *   so a rejected or interrupted write leaves the file as it was.
 * - Writers hold the profile lock (profile-lock.ts): the agent for its whole life
 *   (`openForAgent`), a CLI command with no agent only around each write.
 */
import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { OperatorError } from '../../src/errors/operator-error.js';
import { configDir as defaultConfigDir } from '../../src/paths.js';
import { ProfileInvalidError } from '../../src/profiles/profile-invalid-error.js';
import type { ProfileIssue } from '../../src/profiles/profile-issue.js';
import { profileSchema, type Profile } from '../../src/profiles/profile-schema.js';
import { summariseProfile, type ProfileSummary } from '../../src/profiles/profile-summary.js';
import { changedResyncFields } from '../../src/profiles/resync-fields.js';
import { issuesFromZod } from '../../src/profiles/structural-issues.js';
import { validateProfile, validateProfileSet, type ProfileValidation } from '../../src/profiles/validate-profile.js';
import { ProfileLock } from './profile-lock.js';
import { CROSS_PROFILE_CODES } from '../../src/profiles/cross-profile-rules.js';

export const PROFILES_FILE_NAME = 'profiles.json';
export const PROFILES_STORE_SCHEMA = 'mailbridge.profiles-store/v1';

interface StoredFile extends Record<string, unknown> {
  schema: string;
  profiles: unknown[];
}

export interface ProfileRepositoryOptions {
  /** Defaults to configDir() from src/paths.ts. */
  configDir?: string;
  /** How long a CLI write waits for another writer. */
  lockTimeoutMs?: number;
}

export interface PutResult {
  profile: Profile;
  warnings: ProfileIssue[];
  created: boolean;
  /** EX-9: resync-triggering fields this save changed (a full resync follows). */
  resyncFields: string[];
}

export interface PutOptions {
  /** When false, a profile of the same name is not replaced (import without --replace). */
  replace?: boolean;
}

function notFound(name: string): OperatorError {
  return new OperatorError({
    code: 'MB_PROFILE_NOT_FOUND',
    family: 'config',
    message: `no profile named "${name}"`,
    cause: 'The name matches no saved integration profile.',
    fix: ['List the profiles with `mailbridge profile list` and use a name from it (names are case-sensitive).'],
    field: 'name',
    exitCode: 1,
  });
}

export class ProfileRepository {
  readonly dir: string;
  readonly file: string;
  private readonly lock: ProfileLock;
  private readonly lockTimeoutMs: number;
  private holdsForLife = false;
  private confInstance: Conf<StoredFile> | undefined;

  constructor(options: ProfileRepositoryOptions = {}) {
    this.dir = options.configDir ?? defaultConfigDir();
    this.file = path.join(this.dir, PROFILES_FILE_NAME);
    this.lock = new ProfileLock(`${this.file}.lock`);
    this.lockTimeoutMs = options.lockTimeoutMs ?? 5_000;
  }

  /** The agent's repository: takes the lock now and holds it until close(), so no CLI writes behind its back. */
  static async openForAgent(options: ProfileRepositoryOptions = {}): Promise<ProfileRepository> {
    const repo = new ProfileRepository(options);
    fs.mkdirSync(repo.dir, { recursive: true, mode: 0o700 });
    await repo.lock.acquire({ timeoutMs: repo.lockTimeoutMs, purpose: 'mailbridge agent' });
    repo.holdsForLife = true;
    try {
      repo.list(); // a corrupt file should stop the agent at start, with its clear error
    } catch (error) {
      repo.close();
      throw error;
    }
    return repo;
  }

  close(): void {
    this.holdsForLife = false;
    this.lock.release();
  }

  /** Every stored profile, parsed (defaults filled in), in file order. */
  list(): Profile[] {
    return this.readStored().map((raw, index) => {
      const parsed = profileSchema.safeParse(raw);
      if (parsed.success) return parsed.data;
      throw this.invalidFile(`profile #${index + 1}${nameOf(raw)} does not match the profile schema`, issuesFromZod(parsed.error, raw));
    });
  }

  /** What profiles.list answers: summaries and the default's name. */
  summaries(): { profiles: ProfileSummary[]; default?: string } {
    const profiles = this.list().map(summariseProfile);
    const def = profiles.find((p) => p.default)?.name;
    return def === undefined ? { profiles } : { profiles, default: def };
  }

  get(name: string): Profile | undefined {
    return this.list().find((p) => p.name === name);
  }

  /** Like get(), but a missing profile is an OperatorError (MB_PROFILE_NOT_FOUND). */
  require(name: string): Profile {
    const profile = this.get(name);
    if (!profile) throw notFound(name);
    return profile;
  }

  /** The default profile (MEM-2), if one is marked. */
  getDefault(): Profile | undefined {
    return this.list().find((p) => p.default);
  }

  /** Validates a profile as put() would, against the stored ones, without writing. */
  validate(input: unknown): ProfileValidation {
    return validateProfile(input, { others: this.list() });
  }

  /** Creates or replaces one profile; throws ProfileInvalidError and writes nothing when it breaks a rule. */
  async put(input: unknown, options: PutOptions = {}): Promise<PutResult> {
    const [result] = await this.putMany([input], options);
    if (!result) throw new Error('putMany returned no result for one profile');
    return result;
  }

  /**
   * Creates or replaces several profiles in one write (profile import): all are validated,
   * each against the stored ones and the others in the batch, before anything is written.
   */
  async putMany(inputs: readonly unknown[], options: PutOptions = {}): Promise<PutResult[]> {
    return this.withWriteLock(() => {
      const stored = this.list();
      const { profiles, issues, warnings } = validateBatch(inputs, stored, options.replace ?? true);
      if (issues.some((i) => i.severity === 'error')) throw new ProfileInvalidError(issues, inputs.length === 1 ? 'profile' : 'profiles');
      const next = [...stored];
      const results = profiles.map((profile): PutResult => {
        const at = next.findIndex((p) => p.name === profile.name);
        const before = at >= 0 ? next[at] : undefined;
        if (at >= 0) next[at] = profile;
        else next.push(profile);
        return { profile, warnings: warnings.filter((w) => w.profile === profile.name), created: at < 0, resyncFields: changedResyncFields(before, profile) };
      });
      this.writeStored(next);
      return results;
    });
  }

  /** Resolves true when a profile was removed. Its secrets are the caller's to delete (secret store). */
  async delete(name: string): Promise<boolean> {
    return this.withWriteLock(() => {
      const stored = this.list();
      const next = stored.filter((p) => p.name !== name);
      if (next.length === stored.length) return false;
      this.writeStored(next);
      return true;
    });
  }

  /** Makes one profile the default and clears the mark on every other (MEM-2). */
  async setDefault(name: string): Promise<Profile> {
    return this.withWriteLock(() => {
      const stored = this.list();
      if (!stored.some((p) => p.name === name)) throw notFound(name);
      const next = stored.map((p) => ({ ...p, default: p.name === name }));
      this.writeStored(next);
      return next.find((p) => p.name === name) as Profile;
    });
  }

  private async withWriteLock<T>(write: () => T): Promise<T> {
    if (this.holdsForLife) return write();
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    await this.lock.acquire({ timeoutMs: this.lockTimeoutMs, purpose: `mailbridge ${process.argv.slice(2, 4).join(' ') || 'cli'}` });
    try {
      return write();
    } finally {
      this.lock.release();
    }
  }

  private conf(): Conf<StoredFile> {
    this.confInstance ??= new Conf<StoredFile>({
      cwd: this.dir,
      configName: PROFILES_FILE_NAME.replace(/\.json$/, ''),
      projectName: 'mailbridge',
      projectSuffix: '',
      configFileMode: 0o600,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
    });
    return this.confInstance;
  }

  private readStored(): unknown[] {
    let store: Record<string, unknown>;
    try {
      store = this.conf().store;
    } catch (error) {
      throw this.invalidFile(`it is not valid JSON (${error instanceof Error ? error.message : String(error)})`, [], error);
    }
    if (Object.keys(store).length === 0) return [];
    if (store.schema !== PROFILES_STORE_SCHEMA || !Array.isArray(store.profiles)) {
      throw this.invalidFile(`it does not hold { "schema": "${PROFILES_STORE_SCHEMA}", "profiles": [...] }`, []);
    }
    return store.profiles;
  }

  /** Replaces the whole file atomically. Callers have validated what they changed. */
  private writeStored(profiles: readonly Profile[]): void {
    this.conf().store = { schema: PROFILES_STORE_SCHEMA, profiles: [...profiles] };
  }

  private invalidFile(problem: string, issues: ProfileIssue[], underlying?: unknown): OperatorError {
    return new OperatorError({
      code: 'MB_PROFILES_FILE_INVALID',
      family: 'config',
      message: `${this.file}: ${problem}`,
      cause: 'The profile file was changed outside mailbridge, or damaged; mailbridge will not overwrite it.',
      fix: [
        ...issues.map((i) => `${i.path}: ${i.fix} (${i.rule})`),
        `Correct ${this.file} by hand, or move it aside and import the profiles again (\`mailbridge profile import FILE\`).`,
      ],
      details: { file: this.file, issues },
      exitCode: 1,
      underlying,
    });
  }
}

function nameOf(raw: unknown): string {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? ` ("${name}")` : '';
}

/** Validates a batch against the stored profiles and each other; pure apart from its inputs. */
function validateBatch(inputs: readonly unknown[], stored: readonly Profile[], replace: boolean) {
  const issues: ProfileIssue[] = [];
  const profiles: Profile[] = [];
  inputs.forEach((input, index) => {
    const result = validateProfile(input);
    const label = result.profile?.name ?? `#${index + 1}${nameOf(input)}`;
    issues.push(...result.issues.map((i) => ({ ...i, profile: i.profile ?? label })));
    if (result.profile) profiles.push(result.profile);
  });
  if (!replace) {
    for (const p of profiles) {
      if (stored.some((s) => s.name === p.name)) {
        const fix = 'pass --replace to overwrite it, or rename the profile in the file';
        issues.push({ path: 'name', rule: 'MEM-2', code: 'MB_PROFILE_EXISTS', message: `name: profile "${p.name}" already exists; ${fix} (MEM-2)`, fix, severity: 'error', profile: p.name });
      }
    }
  }
  if (profiles.length === inputs.length) {
    // Cross-profile lints over what the file would hold afterwards, reported on the new profiles.
    const names = new Set(profiles.map((p) => p.name));
    const after = [...stored.filter((s) => !names.has(s.name)), ...profiles];
    issues.push(...validateProfileSet(after).filter((i) => names.has(i.profile ?? '') && isCrossProfileCode(i.code)));
  }
  const unique = dedupe(issues);
  return { profiles, issues: unique, warnings: unique.filter((i) => i.severity === 'warning') };
}

function isCrossProfileCode(code: string): boolean {
  return CROSS_PROFILE_CODES.has(code);
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
