/**
 * Sync and logs: progress per profile while a sync runs (mailboxes, folders, items) from
 * sync.progress events, with the last and next run when idle (sync.overview); the history
 * of stored runs, including those from before the console opened (sync.history; only this
 * session's sync.finished events on agents without it); and the agent's own log, live
 * (agent.logs, then log.record on topic `logs`), with a level filter, follow/pause and
 * scrolling — on agents without agent.logs, this session's sync events instead, said
 * plainly. `s` starts a sync of the selected profile. One key registry for all panes.
 */
import { Box, Text } from 'ink';
import { useState } from 'react';
import { passesLevel, type LogFilterLevel } from '../../../src/protocol/schemas/log-schemas.js';
import { WrappedLines } from '../../components/WrappedLines.js';
import { useAgentLog } from '../../hooks/use-agent-log.js';
import { useScreenKeys } from '../../hooks/use-screen-keys.js';
import { useSyncActivity, type SyncProgressView } from '../../hooks/use-sync-activity.js';
import { useSyncOverview } from '../../hooks/use-sync-overview.js';
import type { KeyAction } from '../../keys/key-action.js';
import { fitText, padText } from '../../layout/fit-text.js';
import { scrollLog, type LogAnchor } from '../../sync/log-scroll.js';
import { historyLine, idleText } from '../../sync/sync-run-text.js';
import { toneColour } from '../../theme.js';
import type { ScreenProps } from '../screen-props.js';
import { AgentLogPane } from './AgentLogPane.js';

/** `f` cycles the lowest level shown, from the default info upwards, then down to debug. */
const LEVELS: readonly LogFilterLevel[] = ['info', 'warn', 'error', 'debug'];
type Pane = 'progress' | 'history' | 'log';
const PANES: readonly Pane[] = ['progress', 'history', 'log'];
const HISTORY_LIMIT = 50;
/** Where the agent keeps its own log copy in its state directory (issue #8): older lines than it keeps in memory. */
const AGENT_LOG_FILE = 'logs/agent.log';

function bar(p: SyncProgressView, width: number): string {
  const total = Math.max(1, p.foldersStarted);
  const done = Math.round(((p.foldersDone + p.foldersFailed) / total) * width);
  return `[${'#'.repeat(Math.min(width, done))}${'.'.repeat(Math.max(0, width - done))}]`;
}

export function SyncLogsScreen({ connection, width, height }: ScreenProps) {
  const [pane, setPane] = useState<Pane>('progress');
  const [level, setLevel] = useState(0);
  const [selected, setSelected] = useState(0);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [anchor, setAnchor] = useState<LogAnchor>(undefined);
  const activity = useSyncActivity(connection.client);
  const agentLog = useAgentLog(connection.client, connection.methods.has('agent.logs'));
  const overview = useSyncOverview(connection, HISTORY_LIMIT);
  const storedHistory = connection.methods.has('sync.history');
  const canSync = connection.methods.has('sync.run');
  const profile = connection.profiles[Math.min(selected, connection.profiles.length - 1)];
  const rows = Math.max(3, height - 6);
  const agentLines = agentLog.records.filter((r) => passesLevel(r.level, LEVELS[level]));
  // The pane shows a status line above the log lines.
  const scroll = (delta: number) => () => setAnchor((a) => scrollLog(agentLines, a, rows - 1, delta));

  const startSync = async (name: string): Promise<void> => {
    try {
      const result = await connection.client.call('sync.run', { profile: name });
      setMessage(result.started ? `… sync of ${name} started (run ${result.runId.slice(0, 8)})` : `… a sync of ${name} is already running; following it`);
    } catch (error) {
      setMessage(`✗ ${(error as Error).message}`);
    }
  };
  const actions: KeyAction[] = [
    { keys: ['tab'], label: 'next pane', help: 'progress → history → log', priority: 0, run: () => setPane((p) => PANES[(PANES.indexOf(p) + 1) % PANES.length]!) },
    { keys: ['shift-tab'], label: 'prev pane', priority: 5, run: () => setPane((p) => PANES[(PANES.indexOf(p) + PANES.length - 1) % PANES.length]!) },
    ...(pane === 'progress' ? [
      { keys: ['down', 'j'], label: 'down', priority: 3, run: () => setSelected((i) => Math.min(connection.profiles.length - 1, i + 1)) },
      { keys: ['up', 'k'], label: 'up', priority: 4, run: () => setSelected((i) => Math.max(0, i - 1)) },
      ...(canSync && profile ? [{ keys: ['s'], label: 'sync now', help: 'start a sync of the selected profile (sync.run)', priority: 1, run: () => void startSync(profile.name) }] : []),
    ] : []),
    ...(pane === 'log' ? [{ keys: ['f'], label: 'level', help: 'cycle the lowest level shown: info, warn, error, debug', priority: 1, run: () => setLevel((l) => (l + 1) % LEVELS.length) }] : []),
    ...(pane === 'log' && agentLog.available ? [
      { keys: ['p', 'space'], label: anchor === undefined ? 'pause' : 'follow', help: 'pause the agent log where it is / follow the newest lines again', priority: 2, run: () => setAnchor((a) => (a === undefined ? (agentLines.at(-1)?.cursor ?? 0) : undefined)) },
      { keys: ['up', 'k'], label: 'up', help: 'scroll the log up one line (pauses)', priority: 3, run: scroll(-1) },
      { keys: ['down', 'j'], label: 'down', help: 'scroll the log down one line', priority: 4, run: scroll(1) },
      { keys: ['pageup'], label: 'page up', help: 'scroll the log up one page (pauses)', priority: 6, run: scroll(-(rows - 2)) },
      { keys: ['pagedown'], label: 'page down', help: 'scroll the log down one page', priority: 7, run: scroll(rows - 2) },
      { keys: ['g'], label: 'oldest', help: 'jump to the oldest line kept (pauses)', priority: 9, run: scroll(-Number.MAX_SAFE_INTEGER) },
      { keys: ['G'], label: 'newest', help: 'jump to the newest line and follow', priority: 9, run: () => setAnchor(undefined) },
    ] : []),
  ];
  useScreenKeys({ title: 'Sync & logs', actions });

  const tabs = PANES.map((p) => (p === pane ? `[${p}]` : ` ${p} `)).join(' ');
  const logFile = `${connection.status.stateDir}/${AGENT_LOG_FILE}`;
  const log = activity.log.filter((l) => passesLevel(l.level, LEVELS[level]));
  return (
    <Box flexDirection="column">
      <Text bold>{fitText(`Sync & logs  ${tabs}`, width)}</Text>
      {pane === 'progress' ? (
        <Box flexDirection="column">
          {connection.profiles.slice(0, rows).map((p, i) => {
            const run = activity.running.get(p.name);
            const job = connection.status.jobs.find((j) => j.profile === p.name && j.kind.startsWith('sync'));
            const state = run
              ? `${bar(run, 16)} ${run.foldersDone}/${run.foldersStarted} folders, ${run.mailboxes.size} mailboxes, ${run.items} items${run.foldersFailed ? `, ✗ ${run.foldersFailed} failed` : ''}`
              : job ? '… sync running' : idleText(overview.available ? (overview.byProfile.get(p.name) ?? null) : undefined, new Date());
            return <Text key={p.name} inverse={i === selected}>{fitText(`${i === selected ? '›' : ' '} ${padText(p.name, 18)} ${state}`, width)}</Text>;
          })}
          {!canSync ? <Text color={toneColour('warn')}>{fitText('⚠ This agent does not run syncs (no sync.run).', width)}</Text> : null}
        </Box>
      ) : pane === 'history' ? (
        <Box flexDirection="column">
          {storedHistory ? (
            <Box flexDirection="column">
              <Text>{fitText(`Stored runs, newest first (${overview.history.length})`, width)}</Text>
              {overview.history.length === 0 ? <Text>– No sync run stored yet.</Text> : null}
              {overview.history.slice(0, rows - 1).map((r) => <Text key={r.runId}>{fitText(historyLine(r), width)}</Text>)}
            </Box>
          ) : activity.finished.length === 0 ? <Text>– No sync has finished since the console opened.</Text> : null}
          {storedHistory ? null : activity.finished.slice(-rows).map((f, i) => (
            <Text key={i}>{fitText(`${f.at.toISOString().slice(11, 19)} ${padText(f.summary.profile, 16)} ${f.summary.errors.length ? '⚠' : '✓'} +${f.summary.created} ~${f.summary.updated} -${f.summary.deleted} ⇣${f.summary.imported} ${f.summary.errors.length} errors ${(f.summary.durationMs / 1000).toFixed(1)} s`, width)}</Text>
          ))}
        </Box>
      ) : agentLog.available ? (
        <AgentLogPane lines={agentLines} anchor={anchor} level={LEVELS[level]!} agentLevel={agentLog.agentLevel} loading={agentLog.loading} rows={rows} width={width} />
      ) : (
        <Box flexDirection="column">
          <Text>{fitText(`Sync events of this session · level ≥ ${LEVELS[level]} (${log.length} lines)${agentLog.error ? ` · ✗ agent log: ${agentLog.error}` : ''}`, width)}</Text>
          {log.slice(-rows + 1).map((l, i) => (
            <Text key={i} color={toneColour(l.level === 'error' ? 'error' : l.level === 'warn' ? 'warn' : 'muted')}>{fitText(`${l.at.toISOString().slice(11, 19)} ${padText(l.level, 5)} ${l.text}`, width)}</Text>
          ))}
        </Box>
      )}
      {message ? <Text>{fitText(message, width)}</Text> : null}
      <WrappedLines color={toneColour('muted')} width={width} maxLines={3}
        text={`${storedHistory ? "History: the agent's stored runs." : 'History: this console session (sync events).'} ${agentLog.available
          ? `Log: the agent's own, live. Older lines: ${logFile} or journalctl --user -u mailbridge.`
          : `Log: this session's sync events (this agent serves no log). The agent's own log: ${logFile} or journalctl --user -u mailbridge.`}`} />
    </Box>
  );
}
