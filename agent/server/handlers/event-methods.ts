/**
 * `events.subscribe`: registers the subscriber (so it starts buffering changes), builds
 * the snapshot, answers with the subscription id, and only after that answer is written
 * sends the snapshot and then the buffered changes. `events.unsubscribe` ends one of the
 * calling connection's own subscriptions (a connection that closes ends all of its own).
 */
import type { EventSubscription } from '../../events/event-bus.js';
import type { ConnectionHandle, MethodHandlers } from '../call-context.js';
import { buildStatus } from './agent-methods.js';
import type { AgentServices } from './agent-services.js';

export function eventMethods(services: AgentServices): Pick<MethodHandlers, 'events.subscribe' | 'events.unsubscribe'> {
  const owned = new WeakMap<ConnectionHandle, Map<string, EventSubscription>>();
  return {
    'events.subscribe': async ({ topics }, context) => {
      const { connection } = context;
      const subscription = services.events.subscribe((method, params) => connection.notify(method, params), topics);
      let mine = owned.get(connection);
      if (!mine) {
        const created = new Map<string, EventSubscription>();
        owned.set(connection, created);
        connection.onClose(() => {
          for (const s of created.values()) s.close();
        });
        mine = created;
      }
      mine.set(subscription.id, subscription);
      const [status, list] = await Promise.all([buildStatus(services), services.profiles.list()]);
      context.afterResponse(() => subscription.start({ status, profiles: list.profiles }));
      return { subscription: subscription.id, seq: subscription.seq };
    },
    'events.unsubscribe': ({ subscription }, { connection }) => {
      const mine = owned.get(connection);
      const found = mine?.get(subscription);
      if (!found) return { unsubscribed: false };
      found.close();
      mine!.delete(subscription);
      return { unsubscribed: true };
    },
  };
}
