/** A check status as glyph and word (✓ pass, ⚠ warn, ✗ fail, – skip): never colour alone. */
import { Text } from 'ink';
import { STATUS_GLYPHS, toneColour, type CheckStatusWord } from '../theme.js';

export function StatusGlyph({ status, word = true }: { status: CheckStatusWord; word?: boolean }) {
  const g = STATUS_GLYPHS[status];
  return <Text color={toneColour(g.tone)}>{word ? `${g.glyph} ${g.word}` : g.glyph}</Text>;
}
