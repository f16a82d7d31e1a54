/** One line about the agent: connected or not, version, uptime, secret backend, running jobs. */
import { Text } from 'ink';
import type { AgentConnection } from '../hooks/use-agent.js';
import { fitText } from '../layout/fit-text.js';
import { toneColour } from '../theme.js';

export function formatUptime(seconds: number): string {
  if (seconds < 60) return `${Math.floor(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m`;
  return `${Math.floor(seconds / 86400)}d${Math.floor((seconds % 86400) / 3600)}h`;
}

export function agentStatusText(connection: AgentConnection): { text: string; tone: 'ok' | 'warn' | 'error' | 'muted' } {
  switch (connection.state) {
    case 'connecting':
      return { text: '… connecting to the agent', tone: 'muted' };
    case 'absent':
      return { text: connection.starting ? '… starting the agent' : '✗ no agent running', tone: 'error' };
    case 'lost':
      return { text: `⚠ agent went away; reconnecting (attempt ${connection.attempts + 1})`, tone: 'warn' };
    case 'failed':
      return { text: `✗ ${connection.message}`, tone: 'error' };
    case 'connected': {
      const s = connection.status;
      const jobs = s.jobs.length === 0 ? 'no jobs running' : `${s.jobs.length} running: ${s.jobs.map((j) => `${j.kind}${j.profile ? ` ${j.profile}` : ''}`).join(', ')}`;
      return { text: `✓ agent ${s.agentVersion} · up ${formatUptime(s.uptimeSeconds)} · secrets: ${s.secretBackend.name} · ${jobs}`, tone: 'ok' };
    }
  }
}

export function AgentStatusLine({ connection, width }: { connection: AgentConnection; width: number }) {
  const { text, tone } = agentStatusText(connection);
  return <Text color={toneColour(tone)}>{fitText(text, width)}</Text>;
}
