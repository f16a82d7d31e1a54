/**
 * Profile and secret access through a running agent (the typed AgentClient). The agent
 * validates again on its side; this side adds what one RPC cannot see: the import batch
 * as a whole (MEM-2/MEM-3 between profiles of one file) is linted before the first put.
 */
import { ProfileInvalidError } from '../../profiles/profile-invalid-error.js';
import type { ProfileIssue } from '../../profiles/profile-issue.js';
import { profileSchema, type Profile } from '../../profiles/profile-schema.js';
import type { AgentClient } from '../../protocol/agent-client.js';
import type { ProfileAccess, ProfileList } from './profile-access.js';

function asIssues(issues: readonly { path: string; message: string; rule?: string; fix?: string; code?: string; severity?: 'error' | 'warning'; profile?: string }[]): ProfileIssue[] {
  return issues.map((i) => ({
    path: i.path,
    rule: i.rule ?? '',
    code: i.code ?? 'MB_PROFILE_INVALID',
    message: i.message,
    fix: i.fix ?? '',
    severity: i.severity ?? 'error',
    ...(i.profile ? { profile: i.profile } : {}),
  }));
}

export class AgentProfileAccess implements ProfileAccess {
  readonly via = 'agent' as const;

  constructor(private readonly client: AgentClient) {}

  async list(): Promise<ProfileList> {
    const result = await this.client.call('profiles.list');
    return {
      profiles: result.profiles.map((p) => ({ ...p, kind: p.kind as Profile['kind'], server: p.server ?? '' })),
      ...(result.default !== undefined ? { default: result.default } : {}),
    };
  }

  async get(name: string): Promise<Profile> {
    const { profile } = await this.client.call('profiles.get', { name });
    return profileSchema.parse(profile);
  }

  async validate(input: unknown) {
    const result = await this.client.call('profiles.validate', { profile: input });
    return { valid: result.valid, issues: asIssues(result.issues) };
  }

  async putMany(inputs: readonly unknown[], options: { replace: boolean }) {
    // The caller validated the batch (each against the agent, and the batch as a set); one
    // put per profile follows. A put the agent refuses now (a race) stops the rest.
    if (!options.replace) {
      const existing = new Set((await this.list()).profiles.map((p) => p.name));
      const clashes = inputs.map((i) => (i as { name?: unknown }).name).filter((n): n is string => typeof n === 'string' && existing.has(n));
      if (clashes.length > 0) {
        const fix = 'pass --replace to overwrite it, or rename the profile in the file';
        throw new ProfileInvalidError(
          clashes.map((name) => ({ path: 'name', rule: 'MEM-2', code: 'MB_PROFILE_EXISTS', message: `name: profile "${name}" already exists; ${fix} (MEM-2)`, fix, severity: 'error', profile: name })),
          'profiles',
        );
      }
    }
    const profiles: Profile[] = [];
    const warnings: ProfileIssue[] = [];
    for (const input of inputs) {
      const result = await this.client.call('profiles.put', { profile: input });
      const profile = profileSchema.parse(result.profile);
      profiles.push(profile);
      warnings.push(...asIssues(result.warnings).map((w) => ({ ...w, profile: w.profile ?? profile.name })));
    }
    return { profiles, warnings };
  }

  async delete(name: string, options: { keepSecrets?: boolean } = {}): Promise<boolean> {
    return (await this.client.call('profiles.delete', { name, keepSecrets: options.keepSecrets === true })).deleted;
  }

  /** One atomic write in the agent (MEM-2). */
  async setDefault(name: string): Promise<void> {
    await this.client.call('profiles.setDefault', { name });
  }

  async secretSet(profile: string, field: string, value: string): Promise<void> {
    await this.client.call('secrets.set', { profile, field, value });
  }

  async secretHas(profile: string, field: string): Promise<boolean> {
    return (await this.client.call('secrets.has', { profile, field })).present;
  }

  async secretDelete(profile: string, field: string): Promise<boolean> {
    return (await this.client.call('secrets.delete', { profile, field })).deleted;
  }

  async storedSecretFields(profile: string): Promise<string[]> {
    return (await this.client.call('secrets.list', { profile })).fields;
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
