/**
 * The secret store contract: where passwords, client secrets and tokens live.
 * Values go in through `set` and come out only inside the agent (`get`, for the
 * connectors); no RPC method ever returns one (AG-5).
 *
 * Backends (chosen by open-secret-store.ts, with the reason reported by agent.status):
 * keytar when a D-Bus Secret Service answers, systemd credentials when the agent runs
 * as a service with $CREDENTIALS_DIRECTORY (read-only), else an AES-256-GCM file vault.
 */

export type SecretBackendName = 'keytar' | 'systemd-credentials' | 'vault';

export interface SecretBackendInfo {
  name: SecretBackendName;
  /** Why this backend was chosen, in a sentence an operator understands. */
  reason: string;
  /** False for systemd credentials: they are provisioned outside mailbridge. */
  writable: boolean;
  /**
   * When the first backend holds only some secrets (systemd credentials in a service):
   * the backend that reads fall back to and writes go to.
   */
  fallback?: { name: SecretBackendName; reason: string };
}

/** Which secret a value is: a profile plus a field of that profile (`password`, `clientSecret`, …). */
export interface SecretRef {
  profile: string;
  field: string;
}

export interface SecretStore {
  readonly backend: SecretBackendInfo;
  set(ref: SecretRef, value: string): Promise<void>;
  /** Only for in-agent consumers (connectors, checks). Never exposed on the socket. */
  get(ref: SecretRef): Promise<string | undefined>;
  has(ref: SecretRef): Promise<boolean>;
  /** Resolves true when something was deleted. */
  delete(ref: SecretRef): Promise<boolean>;
  /** The fields that hold a secret for a profile (names only). */
  list(profile: string): Promise<string[]>;
  close(): Promise<void>;
}
