/**
 * The human form of `agent.status` for `mailbridge status` (the --json form is the
 * document itself). Pure: a status in, lines out.
 */
import type { AgentStatus } from '../protocol/schemas/agent-schemas.js';

export function formatDuration(seconds: number): string {
  const s = Math.floor(seconds);
  const parts: Array<[number, string]> = [[Math.floor(s / 86_400), 'd'], [Math.floor((s % 86_400) / 3_600), 'h'], [Math.floor((s % 3_600) / 60), 'm'], [s % 60, 's']];
  const shown = parts.filter(([n]) => n > 0).slice(0, 2);
  return shown.length > 0 ? shown.map(([n, unit]) => `${n}${unit}`).join(' ') : '0s';
}

export function formatAgentStatus(status: AgentStatus): string {
  const backend = status.secretBackend;
  const rows: Array<[string, string]> = [
    ['node', status.nodeVersion],
    ['socket', status.socketPath],
    ['config', status.configDir],
    ['store', `${status.store.path} (schema ${status.store.schemaVersion}, ${status.store.journalMode})`],
    ['secrets', `${backend.name}${backend.writable ? '' : ' (read-only)'} — ${backend.reason}`],
    ...(backend.fallback ? [['', `then ${backend.fallback.name} — ${backend.fallback.reason}`] as [string, string]] : []),
    ['profiles', `${status.profiles.count}${status.profiles.default ? ` (default: ${status.profiles.default})` : ''}`],
    ['jobs', status.jobs.length === 0 ? 'none running' : status.jobs.map((j) => `${j.kind}${j.profile ? ` ${j.profile}` : ''} (${j.id})`).join(', ')],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `✓ mailbridge agent ${status.agentVersion} is running (protocol ${status.protocol}, pid ${status.pid}, up ${formatDuration(status.uptimeSeconds)})`,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
  ].join('\n');
}
