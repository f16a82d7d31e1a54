/** Where the wizard is: "Step 2 of 7 · Connection" and the step names, the current one in brackets. */
import { Text } from 'ink';
import { fitText } from '../../layout/fit-text.js';
import { WIZARD_STEPS } from '../../wizard/wizard-steps.js';

export function StepHeader({ step, width, editing }: { step: number; width: number; editing: string | undefined }) {
  const names = WIZARD_STEPS.map((s, i) => (i === step ? `[${s.title}]` : s.title)).join(' › ');
  const title = `${editing ? `Edit ${editing}` : 'New integration'} · step ${step + 1} of ${WIZARD_STEPS.length} · ${WIZARD_STEPS[step]?.title ?? ''}`;
  return (
    <>
      <Text bold>{fitText(title, width)}</Text>
      <Text>{fitText(names, width)}</Text>
    </>
  );
}
