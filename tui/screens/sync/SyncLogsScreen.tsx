/**
 * Sync and logs: progress per profile while a sync runs, the history of runs, and the
 * live log. The sync engine is not in this build, so the screen shows what the agent
 * reports now (running jobs from agent.status) and says plainly what is not there yet.
 */
import { Box, Text } from 'ink';
import { useState } from 'react';
import { WrappedLines } from '../../components/WrappedLines.js';
import { useScreenKeys } from '../../hooks/use-screen-keys.js';
import { fitText, padText } from '../../layout/fit-text.js';
import { toneColour } from '../../theme.js';
import type { ScreenProps } from '../screen-props.js';

const LEVELS = ['info', 'warn', 'error', 'debug'] as const;
type Pane = 'progress' | 'history' | 'log';
const PANES: readonly Pane[] = ['progress', 'history', 'log'];

export function SyncLogsScreen({ connection, width }: ScreenProps) {
  const [pane, setPane] = useState<Pane>('progress');
  const [level, setLevel] = useState(0);
  useScreenKeys({
    title: 'Sync & logs',
    actions: [
      { keys: ['tab'], label: 'next pane', help: 'progress → history → log', priority: 0, run: () => setPane((p) => PANES[(PANES.indexOf(p) + 1) % PANES.length]!) },
      { keys: ['shift-tab'], label: 'prev pane', priority: 5, run: () => setPane((p) => PANES[(PANES.indexOf(p) + PANES.length - 1) % PANES.length]!) },
      ...(pane === 'log' ? [{ keys: ['f'], label: 'level', help: 'cycle the log level filter (info, warn, error, debug)', priority: 1, run: () => setLevel((l) => (l + 1) % LEVELS.length) }] : []),
    ],
  });
  const jobs = connection.status.jobs;
  const tabs = PANES.map((p) => (p === pane ? `[${p}]` : ` ${p} `)).join(' ');
  return (
    <Box flexDirection="column">
      <Text bold>{fitText(`Sync & logs  ${tabs}`, width)}</Text>
      {pane === 'progress' ? (
        <Box flexDirection="column">
          <Text>{jobs.length === 0 ? '– No job is running now.' : `${jobs.length} job(s) running:`}</Text>
          {jobs.map((j) => (
            <Text key={j.id}>{fitText(`… ${padText(j.kind, 10)} ${padText(j.profile ?? '–', 20)} since ${j.startedAt}`, width)}</Text>
          ))}
          {connection.profiles.map((p) => <Text key={p.name}>{fitText(`  ${padText(p.name, 20)} [${' '.repeat(20)}]  – no sync has run`, width)}</Text>)}
        </Box>
      ) : pane === 'history' ? (
        <Text>– No sync runs recorded yet.</Text>
      ) : (
        <Text>{`Level ≥ ${LEVELS[level]}: – no sync log yet.`}</Text>
      )}
      <WrappedLines color={toneColour('warn')} width={width} maxLines={3}
        text="⚠ The sync engine is not part of this build yet: item and folder progress, the run history and the sync log appear here once it runs. Running jobs come from the agent's status now. The agent's own log: journalctl --user -u mailbridge (or its stderr)." />
    </Box>
  );
}
