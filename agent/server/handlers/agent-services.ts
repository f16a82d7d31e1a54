/**
 * What the method handlers need from the rest of the agent, as narrow ports. The
 * composition root (agent/agent.ts) adapts the real subsystems (store, secret store,
 * profile repository) to these, so the socket layer depends on no subsystem's internals.
 */
import type { RpcIssue } from '../../../src/protocol/error-codes.js';
import type { ProfileSummary } from '../../../src/protocol/schemas/profile-schemas.js';
import type { RunningJob } from '../../../src/protocol/schemas/agent-schemas.js';
import type { CheckReport } from '../../../src/checks/check-report.js';
import type { ChecksRunParams } from '../../../src/checks/check-run-schemas.js';
import type { EventBus } from '../../events/event-bus.js';
import type { LogRing } from '../../logging/log-ring.js';
import type { SecretStore } from '../../secrets/secret-store.js';
import type { StoreInfo } from '../../store/store.js';

import type { Logger } from 'pino';
import type { SyncPort } from './sync-methods.js';

type MaybePromise<T> = T | Promise<T>;

export interface ProfilePort {
  list(): MaybePromise<{ profiles: ProfileSummary[]; default?: string }>;
  /** Throws an OperatorError with a `…_NOT_FOUND` code when there is no such profile. */
  get(name: string): MaybePromise<Record<string, unknown>>;
  /** Validates and saves; throws (with `issues`) when invalid. */
  put(input: unknown): MaybePromise<{ profile: Record<string, unknown>; warnings: RpcIssue[]; created: boolean }>;
  delete(name: string): MaybePromise<boolean>;
  /** Marks one profile the default and clears the others in one write (MEM-2); returns it. */
  setDefault(name: string): MaybePromise<Record<string, unknown>>;
  validate(input: unknown): MaybePromise<{ valid: boolean; issues: RpcIssue[] }>;
  /**
   * Checks a secret about to be stored (unknown field, EX-4 length…) and resolves the store
   * field (aliases such as `password:<user>`); throws `…_NOT_FOUND` for an unknown profile.
   * Issues never echo the value.
   */
  checkSecret(profile: string, field: string, value: string): MaybePromise<{ storeField?: string; issues: RpcIssue[] }>;
  /** The store field a name or alias means; the name itself when nothing resolves (stale secrets stay removable). */
  resolveSecretField(profile: string, field: string): MaybePromise<string>;
}

/** Check runs (agent/checks/check-runs.ts behind a plan from the params). */
export interface CheckRunPort {
  /** Starts a run; throws an OperatorError for an unknown profile or unreadable CA file. */
  start(params: ChecksRunParams): string;
  report(runId: string): Promise<CheckReport>;
  cancel(runId: string): boolean;
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
  log: Logger;
  /** Work running now (checks, syncs). */
  jobs(): RunningJob[];
  checks: CheckRunPort;
  /** Items and sync runs (agent/sync); absent in agents built without the sync engine. */
  sync?: SyncPort;
  /** The agent's recent scrubbed log records (`agent.logs`); absent without the service log destination. */
  logs?: LogRing;
}
