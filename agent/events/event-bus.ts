/**
 * The agent's event bus behind `events.subscribe`: subsystems publish changes, each
 * subscriber gets a snapshot first and then every change after it, in sequence order.
 *
 * No gap between snapshot and changes: a subscription is registered (and starts
 * buffering) before its snapshot is read, so a change made while the snapshot is being
 * built is delivered after it. The price is that such a change may also already be in
 * the snapshot — subscribers treat events as "this changed, re-read if you care", which
 * makes a repeat harmless.
 */
import { OPT_IN_TOPICS, topicOf, type AgentEvent, type EventTopic } from '../../src/protocol/schemas/event-schemas.js';

/** Writes one notification to the subscriber's connection; false when it is gone. */
export type NotificationSink = (method: string, params: { subscription: string; seq: number; data: unknown }) => boolean;

/** Changes a subscriber may leave undelivered while its snapshot is built, before it is dropped. */
const MAX_BUFFERED_EVENTS = 10_000;

export class EventSubscription {
  private buffer: Array<{ seq: number; event: AgentEvent }> | undefined = [];
  private closed = false;

  constructor(
    readonly id: string,
    /** Everything up to this sequence number is in the snapshot. */
    readonly seq: number,
    private readonly topics: ReadonlySet<string> | undefined,
    private readonly sink: NotificationSink,
    private readonly onClose: (id: string) => void,
  ) {}

  /** Sends the snapshot, then whatever changed since the subscription was registered. */
  start(snapshot: unknown): void {
    if (this.closed) return;
    const pending = this.buffer ?? [];
    this.buffer = undefined;
    if (!this.sink('events.snapshot', { subscription: this.id, seq: this.seq, data: snapshot })) return this.close();
    for (const { seq, event } of pending) this.send(seq, event);
  }

  /** Called by the bus for every change. */
  offer(seq: number, event: AgentEvent): void {
    const topic = topicOf(event.type);
    // No topics = every topic except the opt-in ones (the log stream), which must be named.
    if (this.closed || (this.topics ? !this.topics.has(topic) : OPT_IN_TOPICS.has(topic))) return;
    if (this.buffer) {
      if (this.buffer.length >= MAX_BUFFERED_EVENTS) return this.close();
      this.buffer.push({ seq, event });
      return;
    }
    this.send(seq, event);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.buffer = undefined;
    this.onClose(this.id);
  }

  private send(seq: number, event: AgentEvent): void {
    if (!this.sink(event.type, { subscription: this.id, seq, data: event.data })) this.close();
  }
}

export class EventBus {
  private seq = 0;
  private nextId = 1;
  private readonly subscriptions = new Map<string, EventSubscription>();

  /** Publishes one change to every subscriber whose topics include it. */
  publish(event: AgentEvent): void {
    this.seq += 1;
    for (const subscription of [...this.subscriptions.values()]) subscription.offer(this.seq, event);
  }

  /** Registers a subscriber; it buffers changes until `start(snapshot)` is called on it. */
  subscribe(sink: NotificationSink, topics?: readonly EventTopic[]): EventSubscription {
    const id = `sub-${this.nextId++}`;
    const subscription = new EventSubscription(id, this.seq, topics ? new Set(topics) : undefined, sink, (gone) => this.subscriptions.delete(gone));
    this.subscriptions.set(id, subscription);
    return subscription;
  }

  get subscriberCount(): number {
    return this.subscriptions.size;
  }

  get currentSeq(): number {
    return this.seq;
  }
}
