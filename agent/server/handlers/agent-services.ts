/**
 * What the method handlers need from the rest of the agent, as narrow ports. The
 * composition root (agent/agent.ts) adapts the real subsystems (store, secret store,
 * profile repository) to these, so the socket layer depends on no subsystem's internals.
 */
import type { RpcIssue } from '../../../src/protocol/error-codes.js';
import type { ProfileSummary } from '../../../src/protocol/schemas/profile-schemas.js';
import type { RunningJob } from '../../../src/protocol/schemas/agent-schemas.js';
import type { EventBus } from '../../events/event-bus.js';
import type { SecretStore } from '../../secrets/secret-store.js';
import type { StoreInfo } from '../../store/store.js';

type MaybePromise<T> = T | Promise<T>;

export interface ProfilePort {
  list(): MaybePromise<{ profiles: ProfileSummary[]; default?: string }>;
  /** Throws an OperatorError with a `…_NOT_FOUND` code when there is no such profile. */
  get(name: string): MaybePromise<Record<string, unknown>>;
  /** Validates and saves; throws (with `issues`) when invalid. */
  put(input: unknown): MaybePromise<{ profile: Record<string, unknown>; warnings: RpcIssue[]; created: boolean }>;
  delete(name: string): MaybePromise<boolean>;
  validate(input: unknown): MaybePromise<{ valid: boolean; issues: RpcIssue[] }>;
  /** Problems with a secret about to be stored (unknown profile or field, too long); empty when fine. Never echoes the value. */
  checkSecret(profile: string, field: string, value: string): MaybePromise<RpcIssue[]>;
}

export interface AgentServices {
  startedAt: Date;
  socketPath: string;
  configDir: string;
  stateDir: string;
  store: { info(): StoreInfo };
  secrets: SecretStore;
  profiles: ProfilePort;
  events: EventBus;
  /** Work running now (checks, syncs); empty until the scheduler exists. */
  jobs(): RunningJob[];
}
