/**
 * Semantic colours and status glyphs of the console. Every colour goes through here, and
 * every status pairs a glyph and a word with its colour, so NO_COLOR (mapped to
 * FORCE_COLOR=0 in src/bin.ts, which chalk honours) loses nothing but the colour.
 */
export type Tone = 'ok' | 'warn' | 'error' | 'muted' | 'accent' | 'skip';

const COLOURS: Record<Tone, string> = {
  ok: 'green',
  warn: 'yellow',
  error: 'red',
  muted: 'gray',
  accent: 'cyan',
  skip: 'gray',
};

/** The colour Ink should use for a tone; undefined when colour is off. */
export function toneColour(tone: Tone): string | undefined {
  return colourEnabled() ? COLOURS[tone] : undefined;
}

export function colourEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return env.FORCE_COLOR !== '0';
}

export type CheckStatusWord = 'pass' | 'warn' | 'fail' | 'skip';

/** ✓ ⚠ ✗ – with the word beside them (never colour alone). */
export const STATUS_GLYPHS: Record<CheckStatusWord, { glyph: string; word: string; tone: Tone }> = {
  pass: { glyph: '✓', word: 'pass', tone: 'ok' },
  warn: { glyph: '⚠', word: 'warn', tone: 'warn' },
  fail: { glyph: '✗', word: 'fail', tone: 'error' },
  skip: { glyph: '–', word: 'skip', tone: 'skip' },
};
