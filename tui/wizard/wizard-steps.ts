/**
 * The wizard's steps in the MEM-1 order: mail system → connection details → credentials →
 * live validation → sync options → notifications → summary (then save).
 */
import type { WizardStepId } from './wizard-fields.js';

export interface WizardStep {
  id: WizardStepId;
  title: string;
}

export const WIZARD_STEPS: readonly WizardStep[] = [
  { id: 'system', title: 'Mail system' },
  { id: 'connection', title: 'Connection' },
  { id: 'credentials', title: 'Credentials' },
  { id: 'validation', title: 'Validation' },
  { id: 'sync', title: 'Sync options' },
  { id: 'notifications', title: 'Notifications' },
  { id: 'summary', title: 'Summary' },
];
