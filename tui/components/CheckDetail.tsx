/** A check opened: its summary, cause and fix steps (the diagnosis), and the evidence it recorded. */
import { Box, Text } from 'ink';
import type { CheckResult } from '../../src/checks/check-report.js';
import { fitText } from '../layout/fit-text.js';
import { STATUS_GLYPHS, toneColour } from '../theme.js';
import { formatDuration } from './CheckLine.js';
import { WrappedLines } from './WrappedLines.js';

export function CheckDetail({ result, width, height }: { result: CheckResult; width: number; height: number }) {
  const g = STATUS_GLYPHS[result.status];
  const evidence = Object.entries(result.details).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const d = result.diagnosis;
  const room = Math.max(4, height - 3);
  return (
    <Box flexDirection="column">
      <Text bold color={toneColour(g.tone)}>{fitText(`${g.glyph} ${g.word} · ${result.title} (${result.id}) · ${formatDuration(result.durationMs)}`, width)}</Text>
      <WrappedLines text={result.summary} width={width} maxLines={2} />
      {d ? (
        <>
          <WrappedLines prefix="Cause: " text={`${d.cause} [${d.code}]`} width={width} maxLines={Math.ceil(room / 3)} />
          <WrappedLines prefix="Fix:   " text={d.fix.map((f, i) => `${i + 1}. ${f}`).join('\n')} width={width} maxLines={Math.ceil(room / 2)} />
        </>
      ) : null}
      {evidence.slice(0, Math.max(0, room - 6)).map((line, i) => <Text key={i} color={toneColour('muted')}>{fitText(`  ${line}`, width)}</Text>)}
    </Box>
  );
}
