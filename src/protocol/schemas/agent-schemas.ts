/**
 * Schemas of the `agent.*` methods: the version handshake and the status document that
 * `mailbridge status --json` prints (so scripts and monitoring read these fields).
 */
import { z } from 'zod';

export const SecretBackendNameSchema = z.enum(['keytar', 'systemd-credentials', 'vault']);

export const HelloParamsSchema = z.object({
  /** The protocol major the client speaks; the agent refuses a different one. */
  protocol: z.number().int().positive().optional(),
  /** Free-text client name for the agent's log (`mailbridge-cli/0.1.0`, `socat`). */
  client: z.string().max(200).optional(),
});

export const HelloResultSchema = z.object({
  protocol: z.number().int(),
  agentVersion: z.string(),
  secretBackend: SecretBackendNameSchema,
  pid: z.number().int(),
  methods: z.array(z.string()),
});

export const RunningJobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  profile: z.string().optional(),
  startedAt: z.string(),
});
export type RunningJob = z.output<typeof RunningJobSchema>;

export const AgentStatusSchema = z.object({
  agentVersion: z.string(),
  protocol: z.number().int(),
  nodeVersion: z.string(),
  pid: z.number().int(),
  startedAt: z.string(),
  uptimeSeconds: z.number(),
  socketPath: z.string(),
  configDir: z.string(),
  stateDir: z.string(),
  store: z.object({
    path: z.string(),
    schemaVersion: z.number().int(),
    journalMode: z.string(),
  }),
  secretBackend: z.object({
    name: SecretBackendNameSchema,
    reason: z.string(),
    writable: z.boolean(),
    /** Where secrets the first backend lacks are read from and written to (systemd credentials over the vault). */
    fallback: z.object({ name: SecretBackendNameSchema, reason: z.string() }).optional(),
  }),
  profiles: z.object({
    count: z.number().int().nonnegative(),
    default: z.string().nullable(),
  }),
  jobs: z.array(RunningJobSchema),
});
export type AgentStatus = z.output<typeof AgentStatusSchema>;

export const EmptyParamsSchema = z.object({});
