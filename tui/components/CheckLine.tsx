/** One check in a live run: a spinner and "running" while it goes, then ✓ ⚠ ✗ – with the word, its title and duration. */
import { Text } from 'ink';
import Spinner from 'ink-spinner';
import type { LiveCheck } from '../hooks/use-check-run.js';
import { fitText, padText } from '../layout/fit-text.js';
import { STATUS_GLYPHS, toneColour } from '../theme.js';

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function CheckLine({ check, selected, width }: { check: LiveCheck; selected: boolean; width: number }) {
  const result = check.result;
  const marker = selected ? '›' : ' ';
  if (!result) {
    return (
      <Text>
        {`${marker} `}<Spinner type="dots" />{` running ${fitText(check.title, width - 14)}`}
      </Text>
    );
  }
  const g = STATUS_GLYPHS[result.status];
  const right = formatDuration(result.durationMs);
  const titleWidth = Math.max(10, width - 11 - right.length - 2);
  return (
    <Text inverse={selected}>
      {`${marker} `}
      <Text color={toneColour(g.tone)}>{`${g.glyph} ${padText(g.word, 4)}`}</Text>
      {` ${padText(fitText(`${result.title}: ${result.summary}`, titleWidth), titleWidth)} ${right}`}
    </Text>
  );
}
