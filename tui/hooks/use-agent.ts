/**
 * The console's one connection to the agent: connect with the protocol handshake, keep a
 * live view (snapshot, then profile changes re-read, status refreshed), and say what is
 * going on when there is no agent — none running (offer to start one in the background),
 * gone mid-session (reconnect every second), or not ours to use (access denied).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  AgentAccessDeniedError, AgentNotRunningError, connectAgent,
  type AgentClient, type AgentStatus, type ProfileSummary,
} from '../../src/protocol/index.js';
import { launchAgent, type AgentLauncher } from '../state/agent-launcher.js';

export type AgentConnection =
  | { state: 'connecting' }
  | { state: 'absent'; socketPath: string; starting: boolean; startError?: string }
  | { state: 'connected'; client: AgentClient; status: AgentStatus; profiles: ProfileSummary[]; methods: ReadonlySet<string> }
  | { state: 'lost'; attempts: number }
  | { state: 'failed'; message: string; fix: string[] };

export interface UseAgent {
  connection: AgentConnection;
  /** Starts `mailbridge agent` detached and connects once it answers. */
  startAgent: () => void;
  /** Re-reads status and profiles now (after a save, say). */
  refresh: () => Promise<void>;
}

export interface UseAgentOptions {
  socketPath: string;
  launcher: AgentLauncher;
  /** How often the status line (uptime, running jobs) is refreshed. */
  statusIntervalMs?: number;
  reconnectIntervalMs?: number;
  /** How long a freshly started agent gets to answer. */
  startTimeoutMs?: number;
}

export function useAgent(options: UseAgentOptions): UseAgent {
  const { socketPath, launcher, statusIntervalMs = 5_000, reconnectIntervalMs = 1_000, startTimeoutMs = 15_000 } = options;
  const [connection, setConnection] = useState<AgentConnection>({ state: 'connecting' });
  const clientRef = useRef<AgentClient | undefined>(undefined);
  const everConnected = useRef(false);
  const disposed = useRef(false);
  const timers = useRef(new Set<NodeJS.Timeout>());
  // attempt() and the reconnect loop call each other; the ref breaks the cycle of definitions.
  const reconnectRef = useRef<(attempts: number) => void>(() => undefined);

  const later = useCallback((fn: () => void, ms: number) => {
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      if (!disposed.current) fn();
    }, ms);
    timers.current.add(timer);
  }, []);

  // What the agent serves (from agent.hello): screens offer an action only when its method exists.
  const methods = useRef<ReadonlySet<string>>(new Set());
  const readState = useCallback(async (client: AgentClient) => {
    const [status, list] = await Promise.all([client.call('agent.status'), client.call('profiles.list')]);
    if (!disposed.current && clientRef.current === client) setConnection({ state: 'connected', client, status, profiles: list.profiles, methods: methods.current });
  }, []);

  const attempt = useCallback(async (): Promise<'ok' | 'absent' | 'failed'> => {
    let client: AgentClient;
    try {
      client = await connectAgent({ socketPath, connectTimeoutMs: 2_000 });
    } catch (error) {
      if (error instanceof AgentNotRunningError) return 'absent';
      const denied = error instanceof AgentAccessDeniedError;
      const err = error as { message?: string; fix?: string[] };
      setConnection({ state: 'failed', message: err.message ?? String(error), fix: err.fix ?? (denied ? [] : ['Run `mailbridge status` for details.']) });
      return 'failed';
    }
    if (disposed.current) {
      client.close();
      return 'ok';
    }
    clientRef.current = client;
    everConnected.current = true;
    client.onClose(() => {
      if (clientRef.current !== client || disposed.current) return;
      clientRef.current = undefined;
      setConnection({ state: 'lost', attempts: 0 });
      reconnectRef.current(1);
    });
    try {
      methods.current = new Set((await client.call('agent.hello', {})).methods);
      await client.subscribe((notification) => {
        if (notification.method === 'profiles.changed' || notification.method === 'secrets.changed') void readState(client).catch(() => undefined);
      }, ['profiles', 'secrets', 'agent']);
      await readState(client);
    } catch {
      // The agent went away between the handshake and the first read: try again like any absence.
      clientRef.current = undefined;
      client.close();
      return 'absent';
    }
    return 'ok';
  }, [socketPath, readState]);

  const reconnectLoop = useCallback((attempts: number) => {
    later(() => {
      void attempt().then((outcome) => {
        if (outcome === 'absent') {
          setConnection({ state: 'lost', attempts });
          reconnectLoop(attempts + 1);
        }
      });
    }, reconnectIntervalMs);
  }, [attempt, later, reconnectIntervalMs]);
  reconnectRef.current = reconnectLoop;

  useEffect(() => {
    disposed.current = false;
    void attempt().then((outcome) => {
      if (outcome === 'absent') setConnection({ state: 'absent', socketPath, starting: false });
    });
    const activeTimers = timers.current;
    return () => {
      disposed.current = true;
      for (const timer of activeTimers) clearTimeout(timer);
      clientRef.current?.close();
      clientRef.current = undefined;
    };
  }, [attempt, socketPath]);

  // The status line shows uptime and running jobs (EX-9 needs the jobs), so refresh it.
  useEffect(() => {
    if (connection.state !== 'connected') return;
    const timer = setInterval(() => void readState(connection.client).catch(() => undefined), statusIntervalMs);
    return () => clearInterval(timer);
  }, [connection, readState, statusIntervalMs]);

  const startAgent = useCallback(() => {
    setConnection({ state: 'absent', socketPath, starting: true });
    const deadline = Date.now() + startTimeoutMs;
    const poll = (): void => {
      void attempt().then((outcome) => {
        if (outcome !== 'absent') return;
        if (Date.now() > deadline) {
          setConnection({ state: 'absent', socketPath, starting: false, startError: `the agent did not answer within ${startTimeoutMs / 1000} s; run \`mailbridge agent\` in another terminal to see why` });
        } else later(poll, 200);
      });
    };
    launchAgent(launcher).then(() => later(poll, 200), (error: Error) => {
      setConnection({ state: 'absent', socketPath, starting: false, startError: `could not start the agent: ${error.message}` });
    });
  }, [attempt, later, launcher, socketPath, startTimeoutMs]);

  const refresh = useCallback(async () => {
    if (clientRef.current) await readState(clientRef.current);
  }, [readState]);

  return { connection, startAgent, refresh };
}
