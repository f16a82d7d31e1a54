/** The summary before saving: every shown value (secrets only as set/stored/missing), problems left, and the save notices (EX-9). */
import { Box, Text } from 'ink';
import { fitText, padText } from '../../layout/fit-text.js';
import { toneColour } from '../../theme.js';
import type { Notice } from '../../wizard/save-notices.js';
import type { WizardValidation } from '../../wizard/validate-values.js';
import { isShown } from '../../wizard/validate-values.js';
import { staffPasswordFields, storedSecretName } from '../../wizard/staff-password-fields.js';
import { WIZARD_FIELDS } from '../../wizard/wizard-fields.js';
import { displayValue } from './FieldRow.js';
import { WrappedLines } from '../../components/WrappedLines.js';

export interface SummaryViewProps {
  values: Readonly<Record<string, string>>;
  secrets: Readonly<Record<string, string>>;
  storedSecrets: readonly string[];
  validation: WizardValidation;
  notices: readonly Notice[];
  width: number;
  height: number;
  /** First row shown (j/k scroll the summary on a short terminal). */
  offset: number;
}

export function SummaryView({ values, secrets, storedSecrets, validation, notices, width, height, offset }: SummaryViewProps) {
  const fields = [...WIZARD_FIELDS.filter((f) => isShown(f, values) && f.step !== 'system'), ...staffPasswordFields('sync', values)];
  const rows = fields.map((f) => {
    const secret = f.kind === 'secret' ? (secrets[f.id] ? 'set (new)' : storedSecrets.includes(storedSecretName(f.id)) ? 'stored' : 'missing') : undefined;
    const issues = validation.byField.get(f.id) ?? [];
    const mark = issues.some((i) => i.severity === 'error') ? '✗' : issues.length ? '⚠' : ' ';
    return `${mark} ${padText(f.label, 30)} ${secret ?? displayValue(f, values[f.id] ?? '', false).replace(/^‹ | ›$/g, '')}`;
  });
  const problems = [...[...validation.byField.values()].flat(), ...validation.unplaced].filter((i) => i.severity === 'error');
  const room = Math.max(3, height - notices.length * 2 - Math.min(3, problems.length) - 2);
  const columns = width >= 100 ? 2 : 1;
  const half = Math.ceil(rows.length / columns);
  const shownRows = columns === 2 ? rows.slice(0, half).map((r, i) => `${padText(r, Math.floor(width / 2))}${rows[half + i] ?? ''}`) : rows;
  const shown = shownRows;
  const start = Math.min(Math.max(0, offset), Math.max(0, shown.length - room));
  return (
    <Box flexDirection="column">
      <Text bold>{fitText(`Summary: ${values.kind === 'exchange-online' ? 'Exchange Online' : 'Exchange on-premises'} · ${validation.errors === 0 ? '✓ ready to save' : `✗ ${validation.errors} problem(s) left`}`, width)}</Text>
      {shown.slice(start, start + room).map((r, i) => <Text key={i}>{fitText(r, width)}</Text>)}
      {shown.length > room ? <Text color={toneColour('muted')}>{`rows ${start + 1}–${Math.min(shown.length, start + room)} of ${shown.length} (j/k scroll)`}</Text> : null}
      {problems.slice(0, 3).map((p, i) => <Text key={`p${i}`} color={toneColour('error')}>{fitText(`✗ ${p.message}`, width)}</Text>)}
      {notices.map((n, i) => <WrappedLines key={`n${i}`} text={n.text} width={width} maxLines={2} color={toneColour(n.tone)} />)}
    </Box>
  );
}
