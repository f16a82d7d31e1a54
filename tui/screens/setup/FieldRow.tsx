/** One wizard field on one line: marker, label, value (secrets masked), and ✓/✗/⚠ with a word-free glyph plus the message below for the focused one. */
import { Text } from 'ink';
import { fitText, padText } from '../../layout/fit-text.js';
import { toneColour } from '../../theme.js';
import type { FieldSpec } from '../../wizard/wizard-fields.js';

export interface FieldRowProps {
  field: FieldSpec;
  value: string;
  focused: boolean;
  typing: boolean;
  mark: 'error' | 'warning' | 'ok' | 'none';
  stored: boolean;
  width: number;
}

const LABEL_WIDTH = 30;
const MARKS = { error: { glyph: '✗', tone: 'error' }, warning: { glyph: '⚠', tone: 'warn' }, ok: { glyph: '✓', tone: 'ok' }, none: { glyph: ' ', tone: 'muted' } } as const;

export function displayValue(field: FieldSpec, value: string, stored: boolean): string {
  if (field.kind === 'secret') return value ? '•'.repeat(Math.min(value.length, 24)) : stored ? '(stored; type to replace)' : '';
  if (field.kind === 'choice' || field.kind === 'toggle') {
    const choice = field.choices?.find((c) => c.value === value);
    return `‹ ${choice?.label ?? value} ›`;
  }
  return value;
}

export function FieldRow({ field, value, focused, typing, mark, stored, width }: FieldRowProps) {
  const m = MARKS[mark];
  const valueWidth = Math.max(8, width - LABEL_WIDTH - 6);
  let shown = displayValue(field, value, stored);
  if (typing && [...shown].length >= valueWidth) shown = `…${[...shown].slice(-(valueWidth - 2)).join('')}`;
  return (
    <Text inverse={focused && !typing}>
      {`${focused ? '›' : ' '} ${padText(field.label, LABEL_WIDTH)} `}
      <Text color={toneColour(m.tone)}>{m.glyph}</Text>
      {` ${fitText(`${shown}${typing ? '▏' : ''}`, valueWidth)}`}
    </Text>
  );
}
