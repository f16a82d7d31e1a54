/**
 * Server notifications for `events.subscribe`. A subscriber gets `events.snapshot` first
 * (the state as of `seq`), then every change after it in `seq` order, so nothing that
 * happens between reading and subscribing is lost (the "watch" pattern of tailscale's
 * IPN bus). Each notification's method is its event type; params carry the subscription
 * id and the sequence number. Later issues add `run.progress`, `run.log`, `run.finished`.
 */
import { z } from 'zod';
import { AgentStatusSchema } from './agent-schemas.js';
import { ProfileSummarySchema } from './profile-schemas.js';
import { runFinishedSchema, runProgressSchema } from '../../checks/check-run-schemas.js';
import { SyncFinishedSchema, SyncProgressSchema } from './sync-schemas.js';
import { LogRecordSchema } from './log-schemas.js';

export const EVENT_TOPICS = ['agent', 'profiles', 'secrets', 'runs', 'logs'] as const;
/**
 * Topics delivered only to subscriptions that name them: `logs` is a stream of every log
 * record, which a subscriber to "everything" (no topics) never asked for.
 */
export const OPT_IN_TOPICS: ReadonlySet<string> = new Set<EventTopic>(['logs']);
export const EventTopicSchema = z.enum(EVENT_TOPICS);
export type EventTopic = z.output<typeof EventTopicSchema>;

export const SubscribeParamsSchema = z.object({
  /** Topics to receive; all when absent. */
  topics: z.array(EventTopicSchema).min(1).optional(),
});

export const SubscribeResultSchema = z.object({
  subscription: z.string(),
  /** The sequence number the snapshot reflects; changes follow with higher numbers. */
  seq: z.number().int().nonnegative(),
});

export const UnsubscribeParamsSchema = z.object({ subscription: z.string().min(1) });
export const UnsubscribeResultSchema = z.object({ unsubscribed: z.boolean() });

export const SnapshotSchema = z.object({
  status: AgentStatusSchema,
  profiles: z.array(ProfileSummarySchema),
});

/** Event payloads by notification method; the topic is the part before the dot. */
export const EVENT_DATA_SCHEMAS = {
  'events.snapshot': SnapshotSchema,
  'profiles.changed': z.object({ name: z.string(), change: z.enum(['created', 'updated', 'deleted']) }),
  'secrets.changed': z.object({ profile: z.string(), field: z.string(), change: z.enum(['set', 'deleted']) }),
  'agent.stopping': z.object({ reason: z.string() }),
  'run.progress': runProgressSchema,
  'run.finished': runFinishedSchema,
  'sync.progress': SyncProgressSchema,
  'sync.finished': SyncFinishedSchema,
  'log.record': LogRecordSchema,
} as const;

export type EventType = keyof typeof EVENT_DATA_SCHEMAS;
export type EventData<T extends EventType> = z.output<(typeof EVENT_DATA_SCHEMAS)[T]>;

/** A change on the bus (the snapshot is built per subscriber, never published). */
export type AgentEvent = {
  [T in Exclude<EventType, 'events.snapshot'>]: { type: T; data: EventData<T> };
}[Exclude<EventType, 'events.snapshot'>];

/** Params of every event notification. */
export interface EventNotificationParams<T extends EventType = EventType> {
  subscription: string;
  seq: number;
  data: EventData<T>;
}

/** `run.progress` and `run.finished` belong to the topic `runs`, `log.record` to `logs` (the topic names a collection). */
const TOPIC_BY_PREFIX: Readonly<Record<string, EventTopic>> = { run: 'runs', sync: 'runs', log: 'logs' };

export function topicOf(type: string): string {
  const prefix = type.split('.')[0] ?? type;
  return TOPIC_BY_PREFIX[prefix] ?? prefix;
}
