// The event bus behind events.subscribe (issue #2, architecture.md "snapshot first, then
// changes"): changes published while a subscriber's snapshot is being built are
// delivered after it, in order; topics filter; a gone subscriber is dropped.
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../agent/events/event-bus.js';

type Sent = { method: string; seq: number; data: unknown };

function sink(log: Sent[], alive = () => true) {
  return (method: string, params: { seq: number; data: unknown }) => {
    log.push({ method, seq: params.seq, data: params.data });
    return alive();
  };
}

describe('EventBus', () => {
  it('buffers changes until the snapshot is sent, then delivers them after it in order', () => {
    const bus = new EventBus();
    bus.publish({ type: 'profiles.changed', data: { name: 'old', change: 'created' } });
    const sent: Sent[] = [];
    const subscription = bus.subscribe(sink(sent));
    expect(subscription.seq).toBe(1);
    bus.publish({ type: 'profiles.changed', data: { name: 'a', change: 'created' } });
    bus.publish({ type: 'secrets.changed', data: { profile: 'a', field: 'password', change: 'set' } });
    expect(sent).toEqual([]);
    subscription.start({ status: 'as of seq 1' });
    bus.publish({ type: 'profiles.changed', data: { name: 'a', change: 'deleted' } });
    expect(sent.map((s) => [s.method, s.seq])).toEqual([
      ['events.snapshot', 1],
      ['profiles.changed', 2],
      ['secrets.changed', 3],
      ['profiles.changed', 4],
    ]);
  });

  it('delivers only the subscribed topics', () => {
    const bus = new EventBus();
    const sent: Sent[] = [];
    bus.subscribe(sink(sent), ['secrets']).start({});
    bus.publish({ type: 'profiles.changed', data: { name: 'a', change: 'created' } });
    bus.publish({ type: 'secrets.changed', data: { profile: 'a', field: 'password', change: 'set' } });
    bus.publish({ type: 'agent.stopping', data: { reason: 'SIGTERM' } });
    expect(sent.map((s) => s.method)).toEqual(['events.snapshot', 'secrets.changed']);
  });

  it('drops a subscriber whose connection is gone, and one that is closed', () => {
    const bus = new EventBus();
    let alive = true;
    const sent: Sent[] = [];
    bus.subscribe(sink(sent, () => alive)).start({});
    const closed = bus.subscribe(sink([]));
    expect(bus.subscriberCount).toBe(2);
    closed.close();
    alive = false;
    bus.publish({ type: 'agent.stopping', data: { reason: 'test' } });
    expect(bus.subscriberCount).toBe(0);
    bus.publish({ type: 'agent.stopping', data: { reason: 'again' } });
    expect(sent.map((s) => s.method)).toEqual(['events.snapshot', 'agent.stopping']);
  });

  it('drops a subscriber whose snapshot never comes rather than buffering without bound', () => {
    const bus = new EventBus();
    bus.subscribe(sink([]));
    for (let i = 0; i <= 10_000; i += 1) bus.publish({ type: 'profiles.changed', data: { name: `p${i}`, change: 'updated' } });
    expect(bus.subscriberCount).toBe(0);
  });
});
