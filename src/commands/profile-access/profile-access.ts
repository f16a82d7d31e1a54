/**
 * How `mailbridge profile …` and `mailbridge secrets …` reach profiles and secrets: through
 * the agent when one runs (it is the only writer then), otherwise in-process with the
 * profile lock and the secret store (architecture.md: "a CLI command that writes goes
 * through the agent, or takes the agent's lock when none runs"). Both sides offer the
 * same operations, so the commands never branch on where they run.
 */
import type { ProfileIssue } from '../../profiles/profile-issue.js';
import type { Profile } from '../../profiles/profile-schema.js';
import type { ProfileSummary } from '../../profiles/profile-summary.js';
import { AgentNotRunningError } from '../../protocol/agent-errors.js';
import { connectAgent } from '../../protocol/connect-agent.js';
import { AgentProfileAccess } from './agent-profile-access.js';

export interface ProfileList {
  profiles: ProfileSummary[];
  default?: string;
}

export interface ProfileAccess {
  /** Where the work happens, for messages: "agent" or "local" (no agent running). */
  readonly via: 'agent' | 'local';
  list(): Promise<ProfileList>;
  /** Throws MB_PROFILE_NOT_FOUND when there is none. */
  get(name: string): Promise<Profile>;
  /** Validates against the stored profiles without writing. */
  validate(input: unknown): Promise<{ valid: boolean; issues: ProfileIssue[] }>;
  /** Validates fully, then writes all or nothing (as far as the side allows; see AgentProfileAccess). */
  putMany(inputs: readonly unknown[], options: { replace: boolean }): Promise<{ profiles: Profile[]; warnings: ProfileIssue[] }>;
  /** Deletes the profile and, unless keepSecrets, every secret stored for it (as the agent does). */
  delete(name: string, options?: { keepSecrets?: boolean }): Promise<boolean>;
  setDefault(name: string): Promise<void>;
  secretSet(profile: string, field: string, value: string): Promise<void>;
  secretHas(profile: string, field: string): Promise<boolean>;
  secretDelete(profile: string, field: string): Promise<boolean>;
  /** The names of the secret fields stored for a profile. */
  storedSecretFields(profile: string): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Connects to the agent, or falls back to in-process access when none runs. An agent that
 * runs but refuses us (another user's socket) is an error, never a reason to write behind
 * its back: it holds the profile lock.
 */
export async function openProfileAccess(): Promise<ProfileAccess> {
  try {
    return new AgentProfileAccess(await connectAgent({ timeoutMs: 30_000 }));
  } catch (error) {
    if (!(error instanceof AgentNotRunningError)) throw error;
  }
  // Loaded only here, so talking to an agent never pays for the secret backends.
  const { LocalProfileAccess } = await import('./local-profile-access.js');
  return new LocalProfileAccess();
}

/** Runs `fn` with an access and always closes it. */
export async function withProfileAccess<T>(fn: (access: ProfileAccess) => Promise<T>): Promise<T> {
  const access = await openProfileAccess();
  try {
    return await fn(access);
  } finally {
    await access.close();
  }
}
