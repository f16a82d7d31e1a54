/**
 * `events.subscribe`: registers the subscriber (so it starts buffering changes), builds
 * the snapshot, answers with the subscription id, and only after that answer is written
 * sends the snapshot and then the buffered changes.
 */
import type { MethodHandlers } from '../call-context.js';
import { buildStatus } from './agent-methods.js';
import type { AgentServices } from './agent-services.js';

export function eventMethods(services: AgentServices): Pick<MethodHandlers, 'events.subscribe'> {
  return {
    'events.subscribe': async ({ topics }, context) => {
      const { connection } = context;
      const subscription = services.events.subscribe((method, params) => connection.notify(method, params), topics);
      connection.onClose(() => subscription.close());
      const [status, list] = await Promise.all([buildStatus(services), services.profiles.list()]);
      context.afterResponse(() => subscription.start({ status, profiles: list.profiles }));
      return { subscription: subscription.id, seq: subscription.seq };
    },
  };
}
