/**
 * EX-8 "validate on save": after saving, the checks run with the saved settings; the
 * operator gets a confirmation when they pass, an error with its cause and fix when one
 * fails, and a warning mark on each entry that could not be fully validated.
 */
import { Box, Text } from 'ink';
import { WrappedLines } from '../../components/WrappedLines.js';
import type { CheckRunState } from '../../hooks/use-check-run.js';
import { fitText } from '../../layout/fit-text.js';
import { STATUS_GLYPHS, toneColour } from '../../theme.js';
import { summaryWords } from '../../troubleshoot/session-markdown.js';

export function SaveValidation({ run, width, height }: { run: CheckRunState; width: number; height: number }) {
  if (run.phase === 'idle') return null;
  if (run.phase === 'running') return <Text>{fitText(`… Validating with the saved settings (EX-8): ${run.checks.filter((c) => c.result).length} checks done`, width)}</Text>;
  if (run.phase === 'failed' || !run.report) return <WrappedLines text={`⚠ Could not validate on save: ${run.error ?? 'no report'}`} width={width} maxLines={2} color={toneColour('warn')} />;
  const report = run.report;
  const failed = report.checks.find((c) => c.status === 'fail');
  const marked = report.checks.filter((c) => c.status === 'warn' || c.status === 'fail');
  return (
    <Box flexDirection="column">
      {failed ? (
        <>
          <Text color={toneColour('error')}>{fitText(`✗ Validation on save failed (EX-8): ${summaryWords(report)}`, width)}</Text>
          <WrappedLines prefix={`${failed.title}: `} text={failed.diagnosis?.cause ?? failed.summary} width={width} maxLines={2} />
          <WrappedLines prefix="Fix: " text={(failed.diagnosis?.fix ?? []).join(' ')} width={width} maxLines={2} />
        </>
      ) : (
        <Text color={toneColour(marked.length ? 'warn' : 'ok')}>{fitText(`✓ Validated on save (EX-8): ${summaryWords(report)}`, width)}</Text>
      )}
      {marked.filter((c) => c !== failed).slice(0, Math.max(0, height - 6)).map((c) => (
        <Text key={c.id} color={toneColour(STATUS_GLYPHS[c.status].tone)}>{fitText(`  ${STATUS_GLYPHS[c.status].glyph} ${c.title}: ${c.summary}`, width)}</Text>
      ))}
    </Box>
  );
}
