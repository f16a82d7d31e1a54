/** What every top-level screen receives from the shell. */
import type { AgentConnection } from '../hooks/use-agent.js';
import type { ConsoleSession } from '../state/console-session.js';
import type { Place } from '../state/navigation.js';

export interface ScreenProps {
  place: Place;
  connection: Extract<AgentConnection, { state: 'connected' }>;
  width: number;
  height: number;
  session: ConsoleSession;
  refresh: () => Promise<void>;
}
