/**
 * The setup wizard (MEM-1 order): mail system → connection → credentials → live
 * validation → sync options → notifications → summary → save. Every field is validated as
 * typed with the profile rules' own messages; secrets are masked and go only to
 * `secrets.set`. Editing an existing profile uses the same screens.
 */
import { Box, Text } from 'ink';
import { useContext, useEffect, useRef, useState } from 'react';
import { useCheckRun } from '../../hooks/use-check-run.js';
import { summaryWords } from '../../troubleshoot/session-markdown.js';
import { SaveValidation } from './SaveValidation.js';
import { WrappedLines } from '../../components/WrappedLines.js';
import { useDirtyFlag, useScreenKeys } from '../../hooks/use-screen-keys.js';
import { useWizard, type Wizard } from '../../hooks/use-wizard.js';
import type { KeyAction } from '../../keys/key-action.js';
import { fitText } from '../../layout/fit-text.js';
import { NavigationContext } from '../../state/navigation.js';
import { toneColour } from '../../theme.js';
import { beforeSaveNotices } from '../../wizard/save-notices.js';
import type { FieldSpec } from '../../wizard/wizard-fields.js';
import { storedSecretName } from '../../wizard/staff-password-fields.js';
import { WIZARD_STEPS } from '../../wizard/wizard-steps.js';
import type { ScreenProps } from '../screen-props.js';
import { FieldRow } from './FieldRow.js';
import { FolderTree } from './FolderTree.js';
import { StepHeader } from './StepHeader.js';
import { SummaryView } from './SummaryView.js';
import { ValidationStep } from './ValidationStep.js';

/** Exchange Online before its secret is stored: the network and TLS checks of the authority and Graph hosts. */
const ONLINE_NETWORK_CHECKS = ['tls.trust', 'tls.hostname', 'tls.validity', 'tls.signature'] as const;

const TEXT_KINDS = new Set(['text', 'number', 'secret', 'list']);

function cycle(field: FieldSpec, value: string, delta: number): string {
  const choices = (field.choices ?? []).filter((c) => !c.unavailable);
  const index = choices.findIndex((c) => c.value === value);
  const next = choices[(index + delta + choices.length) % choices.length];
  return next?.value ?? value;
}

function fieldKeys(w: Wizard, typing: boolean): KeyAction[] {
  const field = w.field;
  const keys: KeyAction[] = [
    { keys: ['down', 'tab'], label: 'next field', help: 'move to the next field', priority: 2, run: () => w.moveFocus(1) },
    { keys: ['up', 'shift-tab'], label: 'prev field', help: 'move to the previous field', priority: 6, run: () => w.moveFocus(-1) },
    {
      keys: ['enter'], label: 'next', help: 'next field; on the last field, the next step', priority: 1,
      run: () => (w.draft.focus >= w.fields.length - 1 ? w.goStep(1) : w.moveFocus(1)),
    },
    { keys: typing ? ['pagedown'] : ['n', 'pagedown'], label: 'next step', help: 'go to the next step (when this one has no ✗)', priority: 3, run: () => w.goStep(1) },
    { keys: typing ? ['pageup'] : ['p', 'pageup'], label: 'prev step', help: 'go back one step', priority: 7, run: () => w.goStep(-1) },
  ];
  if (field && !TEXT_KINDS.has(field.kind)) {
    keys.push(
      { keys: ['right', 'l', 'space'], label: 'change', help: 'next choice (not-yet-supported systems are skipped)', priority: 0, run: () => w.editValue(field.id, (v) => cycle(field, v, 1)) },
      { keys: ['left', 'h'], label: 'change back', help: 'previous choice', priority: 8, run: () => w.editValue(field.id, (v) => cycle(field, v, -1)) },
    );
  }
  if (field && TEXT_KINDS.has(field.kind)) {
    keys.push(typing
      ? { keys: ['backspace'], label: 'delete', help: 'delete the last character', priority: 4, run: () => w.editValue(field.id, (v) => v.slice(0, -1)) }
      : { keys: ['e', 'i'], label: 'type', help: 'type into the field again', priority: 0, run: () => w.update({ paused: false }) });
  }
  if (typing) keys.push({ keys: ['escape'], label: 'stop typing', help: 'stop typing (then n/p steps, q, ? and numbers work)', priority: 5, run: () => w.update({ paused: true }) });
  return keys;
}

export function SetupScreen({ place, connection, width, height, session, refresh }: ScreenProps) {
  const nav = useContext(NavigationContext);
  const w = useWizard(connection.client, session, place.profile, connection.status.jobs, refresh);
  const [summaryOffset, setSummaryOffset] = useState(0);
  const checks = useCheckRun(connection.client);
  const canCheck = connection.methods.has('checks.run');
  const online = w.draft.values.kind === 'exchange-online';
  // Online: the unsaved profile itself; its credential checks only when the stored secret is the one to use.
  const onlineFull = online && w.draft.storedSecrets.length > 0 && !Object.values(w.draft.secrets).some(Boolean);
  const runChecks = (): void => {
    const v = w.draft.values;
    if (online) {
      void checks.start({ draft: w.validation.profile, ...(onlineFull ? {} : { checks: [...ONLINE_NETWORK_CHECKS] }) });
      return;
    }
    const port = Number(v['ports.https']);
    void checks.start({
      server: (v.server ?? '').trim(),
      ...(Number.isInteger(port) && port > 0 && port < 65536 ? { httpsPort: port, ports: [port] } : {}),
      ...(v['tls.caFile']?.trim() ? { caFile: v['tls.caFile'].trim() } : {}),
    });
  };
  // Entering the validation step starts the checks once; "retry" runs them again.
  const checkedFor = useRef('');
  // EX-8: a saved profile is validated with its saved settings, once per save.
  const saveChecks = useCheckRun(connection.client);
  const validatedSave = useRef(false);
  useEffect(() => {
    if (w.draft.phase !== 'saved') {
      validatedSave.current = false;
      return;
    }
    if (validatedSave.current || !connection.methods.has('checks.run')) return;
    validatedSave.current = true;
    const name = w.draft.values.name ?? '';
    void saveChecks.start({ profile: name }).then((report) => {
      if (!report) return;
      session.reports.set(name, report);
      session.record(`validated ${name} on save: ${summaryWords(report)}`);
    });
  });
  const { draft } = w;
  const step = WIZARD_STEPS[draft.step] ?? WIZARD_STEPS[0]!;
  const field = w.field;
  const typing = draft.phase === 'editing' && !draft.paused && field !== undefined && TEXT_KINDS.has(field.kind);
  useDirtyFlag(draft.dirty);

  let actions: KeyAction[];
  let onText: ((t: string) => void) | undefined;
  // EX-10 / O365-2: the per-user credentials are entered after the save, on their own screens.
  const savedPerUser = draft.values.kind === 'exchange-onprem' && draft.values['credentials.mode'] === 'perUser';
  const savedDelegated = online && draft.values['credentials.kind'] === 'delegated';
  if (draft.phase === 'saved') {
    actions = [
      { keys: ['enter'], label: 'dashboard', help: 'back to the dashboard', priority: 0, run: () => nav.go({ screen: 'dashboard' }) },
      { keys: ['t'], label: 'troubleshoot', help: 'run the checks of the saved profile', priority: 1, run: () => nav.go({ screen: 'troubleshoot', profile: draft.values.name }) },
      { keys: ['e'], label: 'edit again', help: 'edit the saved profile', priority: 2, run: () => { session.wizardDraft = undefined; nav.go({ screen: 'setup', profile: draft.values.name }); } },
      ...(savedPerUser ? [{ keys: ['w'], label: 'staff passwords', help: "enter each enabled staff member's own password (EX-10 per-user mode)", priority: 1, run: () => nav.go({ screen: 'passwords', profile: draft.values.name }) }] : []),
      ...(savedDelegated ? [{ keys: ['i'], label: 'sign in', help: 'Microsoft sign-in (device code) of a staff member (O365-2)', priority: 1, run: () => nav.go({ screen: 'signin', profile: draft.values.name }) }] : []),
    ];
  } else if (draft.phase !== 'editing') {
    actions = [];
  } else if (step.id === 'summary') {
    actions = [
      { keys: ['enter', 's'], label: 'save', help: 'save the profile and its secrets (EX-8)', priority: 0, run: () => void w.save() },
      { keys: ['down', 'j'], label: 'scroll', help: 'scroll the summary down', priority: 4, run: () => setSummaryOffset((o) => o + 1) },
      { keys: ['up', 'k'], label: 'scroll up', help: 'scroll the summary up', priority: 6, run: () => setSummaryOffset((o) => Math.max(0, o - 1)) },
      { keys: ['pageup', 'p'], label: 'prev step', help: 'go back one step to change something', priority: 2, run: () => w.goStep(-1) },
    ];
  } else if (step.id === 'validation') {
    const editServer = (): void => w.update({ step: 1, focus: w.draft.base ? 0 : 1, paused: false });
    actions = [
      { keys: ['enter', 'pagedown', 'n'], label: 'next step', help: 'go on to the sync options', priority: 0, run: () => w.goStep(1) },
      ...(canCheck && checks.state.phase !== 'running' ? [
        { keys: ['r'], label: 'retry', help: 'run the connection checks again', priority: 1, run: runChecks },
        { keys: ['e'], label: 'edit field', help: 'back to the server address to change it', priority: 1, run: editServer },
      ] : []),
      { keys: ['pageup', 'p'], label: 'prev step', help: 'back to the credentials', priority: 2, run: () => w.goStep(-1) },
    ];
  } else {
    actions = fieldKeys(w, typing);
    if (typing && field) onText = (t) => w.editValue(field.id, (v) => v + t.replace(/[\r\n]/g, ''));
  }
  useScreenKeys({ title: `Setup · ${step.title}`, actions, onText });
  const checkKey = online ? JSON.stringify(w.validation.profile) : `${draft.values.server}|${draft.values['ports.https']}|${draft.values['tls.caFile']}`;
  useEffect(() => {
    if (step.id !== 'validation' || !canCheck || checkedFor.current === checkKey) return;
    checkedFor.current = checkKey;
    runChecks();
  });

  if (draft.phase === 'loading') return <Text>Loading {place.profile}…</Text>;
  if (draft.phase === 'failed') return <Text color={toneColour('error')}>✗ Could not load {place.profile}: {draft.message}</Text>;
  if (draft.phase === 'saving') return <Text>… Saving {draft.values.name}…</Text>;
  if (draft.phase === 'saved') {
    return (
      <Box flexDirection="column">
        {draft.notices.map((n, i) => <WrappedLines key={i} text={n.text} width={width} maxLines={3} color={toneColour(n.tone)} />)}
        <SaveValidation run={saveChecks.state} width={width} height={Math.max(3, height - draft.notices.length * 2 - 2)} />
        <Text>enter: dashboard · t: troubleshoot {draft.values.name}{savedPerUser ? ' · w: staff passwords (EX-10)' : savedDelegated ? ' · i: staff sign-in (O365-2)' : ''}</Text>
      </Box>
    );
  }

  const issues = field ? w.validation.byField.get(field.id) ?? [] : [];
  const bodyRows = Math.max(3, height - 6);
  const first = Math.max(0, Math.min(draft.focus - bodyRows + 1, w.fields.length - bodyRows));
  // A rule's message ends with its rule ID; rows the field list leaves free let a long one show whole.
  const belowFields = field?.id === 'kind' ? (field.choices ?? []).length : field?.id === 'mail.folders' ? 8 : 0;
  const issueLines = 3 + Math.min(2, Math.max(0, bodyRows - Math.min(bodyRows, w.fields.length) - belowFields));
  return (
    <Box flexDirection="column">
      <StepHeader step={draft.step} width={width} editing={place.profile} />
      {step.id === 'summary' ? (
        <SummaryView values={draft.values} secrets={draft.secrets} storedSecrets={draft.storedSecrets} validation={w.validation}
          notices={w.validation.parsed ? beforeSaveNotices(connection.status.jobs, draft.base as never, w.validation.parsed) : []}
          width={width} height={height - 3} offset={summaryOffset} />
      ) : step.id === 'validation' ? (
        <ValidationStep available={connection.methods.has('checks.run')} credentialsLater={online && !onlineFull} run={checks} width={width} height={height - 2} />
      ) : (
        <>
          {w.fields.slice(first, first + bodyRows).map((f, i) => {
            const own = w.validation.byField.get(f.id) ?? [];
            const touched = draft.touched.includes(f.id);
            const mark = !touched ? 'none' : own.some((x) => x.severity === 'error') ? 'error' : own.length ? 'warning' : 'ok';
            const value = f.kind === 'secret' ? draft.secrets[f.id] ?? '' : draft.values[f.id] ?? '';
            return <FieldRow key={f.id} field={f} value={value} focused={first + i === draft.focus} typing={typing && first + i === draft.focus}
              mark={mark} stored={draft.storedSecrets.includes(storedSecretName(f.id))} width={width} />;
          })}
          {field?.id === 'kind' ? (field.choices ?? []).map((c) => (
            <Text key={c.value} color={toneColour(c.unavailable ? 'muted' : 'accent')}>
              {fitText(`    ${c.value === draft.values.kind ? '●' : '○'} ${c.label}${c.unavailable ? ` — ${c.unavailable}` : ''}`, width)}
            </Text>
          )) : null}
          {field?.id === 'mail.folders' ? <FolderTree value={draft.values['mail.folders'] ?? ''} width={width} maxLines={8} /> : null}
          {issues.length > 0 ? (
            <WrappedLines text={`${issues[0]!.severity === 'error' ? '✗' : '⚠'} ${issues[0]!.message}`} width={width} maxLines={issueLines} color={toneColour(issues[0]!.severity === 'error' ? 'error' : 'warn')} />
          ) : field ? (
            <Text color={toneColour('muted')}>{fitText(`${field.hint ?? ''}${field.rule ? ` (${field.rule})` : ''}`, width)}</Text>
          ) : null}
        </>
      )}
      {draft.message ? <WrappedLines text={draft.message} width={width} maxLines={2} color={toneColour('error')} /> : null}
    </Box>
  );
}
