/**
 * Publishes every record of the log ring on the event bus as `log.record` (topic `logs`),
 * so subscribers see the agent's log live.
 *
 * A loop to break: delivering a notification can itself log (client-connection warns
 * when a notification is not sent), and that line would be published, and so on. Records
 * born while one is being delivered are queued and published after it, at most
 * MAX_NESTED per delivery; the rest stay readable through `agent.logs`.
 */
import type { EventBus } from '../events/event-bus.js';
import type { LogRing } from './log-ring.js';
import type { LogRecord } from '../../src/protocol/schemas/log-schemas.js';

const MAX_NESTED = 10;

export function bridgeLogsToEvents(ring: LogRing, events: EventBus): () => void {
  let delivering = false;
  const nested: LogRecord[] = [];
  return ring.onRecord((record) => {
    if (delivering) {
      if (nested.length < MAX_NESTED) nested.push(record);
      return;
    }
    delivering = true;
    try {
      events.publish({ type: 'log.record', data: record });
      // Only one round of nested records: what they cause in turn is not published.
      const round = nested.splice(0);
      for (const inner of round) events.publish({ type: 'log.record', data: inner });
    } finally {
      nested.length = 0;
      delivering = false;
    }
  });
}
