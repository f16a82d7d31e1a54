/**
 * The log pane of Sync & logs when the agent serves its own log (`agent.logs` and the
 * `logs` topic): a status line (level filter, following or paused with how many lines
 * arrived below, the agent's own level), then the lines in view. The keys that move it
 * live in the screen's one registry (SyncLogsScreen); this only draws.
 */
import { Box, Text } from 'ink';
import type { LogRecord } from '../../../src/protocol/schemas/log-schemas.js';
import { fitText } from '../../layout/fit-text.js';
import { logLineText } from '../../sync/log-line-text.js';
import { linesBelow, visibleLines, type LogAnchor } from '../../sync/log-scroll.js';
import { toneColour, type Tone } from '../../theme.js';

const TONE_BY_LEVEL: Readonly<Record<string, Tone>> = { fatal: 'error', error: 'error', warn: 'warn', debug: 'muted', trace: 'muted' };

export interface AgentLogPaneProps {
  lines: readonly LogRecord[];
  anchor: LogAnchor;
  level: string;
  agentLevel?: string;
  loading: boolean;
  rows: number;
  width: number;
}

export function AgentLogPane({ lines, anchor, level, agentLevel, loading, rows, width }: AgentLogPaneProps) {
  const shown = visibleLines(lines, anchor, rows - 1);
  const below = linesBelow(lines, anchor);
  const mode = anchor === undefined ? 'following' : `paused${below > 0 ? `, ${below} new below` : ''}`;
  const status = `Agent log: Level ≥ ${level} · ${mode} · ${lines.length} lines${agentLevel ? ` · agent logs at ${agentLevel}` : ''}`;
  return (
    <Box flexDirection="column">
      <Text>{fitText(status, width)}</Text>
      {loading ? <Text>… reading the agent's log</Text> : null}
      {!loading && lines.length === 0 ? <Text>{fitText(`– No log line at ${level} or above yet.`, width)}</Text> : null}
      {shown.map((record) => (
        <Text key={record.cursor} color={TONE_BY_LEVEL[record.level] ? toneColour(TONE_BY_LEVEL[record.level]!) : undefined}>{logLineText(record, width)}</Text>
      ))}
    </Box>
  );
}
