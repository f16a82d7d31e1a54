/**
 * The wizard's live-validation step: the connection checks run against what was entered
 * (server, HTTPS port, CA file — no secrets leave the form) and stream in with a spinner
 * per check; a failure shows its cause and fix inline, with retry and "edit field".
 * Exchange Online runs the unsaved profile's plan (checks.run draft): the authority and
 * Graph hosts' network and TLS checks, and the Entra and Graph checks too when the app's
 * secret is already stored; otherwise those run on save (EX-8).
 */
import { Box, Text } from 'ink';
import { CheckLine } from '../../components/CheckLine.js';
import { WrappedLines } from '../../components/WrappedLines.js';
import type { CheckRun } from '../../hooks/use-check-run.js';
import { fitText } from '../../layout/fit-text.js';
import { toneColour } from '../../theme.js';
import { summaryWords } from '../../troubleshoot/session-markdown.js';

export interface ValidationStepProps {
  available: boolean;
  /** The credential checks wait for the save (Exchange Online with a secret not stored yet). */
  credentialsLater: boolean;
  run: CheckRun;
  width: number;
  height: number;
}

export function ValidationStep({ available, credentialsLater, run, width, height }: ValidationStepProps) {
  if (!available) {
    return (
      <Box flexDirection="column">
        <Text color={toneColour('warn')}>{fitText('⚠ This agent does not run checks (no checks.run).', width)}</Text>
        <WrappedLines width={width} maxLines={4} text="The fields are validated as you type. After saving, run the checks from Troubleshoot (3) or `mailbridge check PROFILE`. Enter goes on to the sync options." />
      </Box>
    );
  }
  const { state } = run;
  const failing = state.checks.find((c) => c.result?.status === 'fail') ?? state.checks.find((c) => c.result?.status === 'warn');
  const listRows = Math.max(3, height - (credentialsLater ? 9 : 8));
  return (
    <Box flexDirection="column">
      <Text bold>{fitText(state.phase === 'running' ? '… checking the connection' : state.report ? `Connection: ${summaryWords(state.report)}` : 'Connection checks', width)}</Text>
      {state.checks.slice(0, listRows).map((c) => <CheckLine key={c.id} check={c} selected={false} width={width} />)}
      {credentialsLater && state.phase === 'done' ? <Text color={toneColour('muted')}>{fitText('The app credential, permissions and mailboxes are checked on save.', width)}</Text> : null}
      {state.phase === 'failed' ? <WrappedLines width={width} maxLines={2} color={toneColour('error')} text={`✗ ${state.error ?? ''}`} /> : null}
      {state.phase === 'done' && failing?.result?.diagnosis ? (
        <>
          <WrappedLines prefix={`${failing.result.status === 'fail' ? '✗' : '⚠'} ${failing.result.title}: `} text={failing.result.diagnosis.cause} width={width} maxLines={2} color={toneColour(failing.result.status === 'fail' ? 'error' : 'warn')} />
          <WrappedLines prefix="Fix: " text={failing.result.diagnosis.fix.join(' ')} width={width} maxLines={2} />
        </>
      ) : null}
    </Box>
  );
}
