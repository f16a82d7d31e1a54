/**
 * Troubleshoot: pick a profile or enter a server ad hoc → all checks run with live progress
 * → ✓ ⚠ ✗ – with durations → open one for cause and fix → re-run one or all → export the
 * session as Markdown. The session is recorded as it happens (runs, re-runs and their
 * results, changed fields, with times), so the export tells the whole story.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Box, Text } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { ChecksRunParams } from '../../../src/checks/check-run-schemas.js';
import { CheckDetail } from '../../components/CheckDetail.js';
import { CheckLine } from '../../components/CheckLine.js';
import { WrappedLines } from '../../components/WrappedLines.js';
import { useCheckRun } from '../../hooks/use-check-run.js';
import { useScreenKeys } from '../../hooks/use-screen-keys.js';
import type { KeyAction } from '../../keys/key-action.js';
import { fitText } from '../../layout/fit-text.js';
import { STATUS_GLYPHS, toneColour } from '../../theme.js';
import { sessionMarkdown, summaryWords } from '../../troubleshoot/session-markdown.js';
import type { ScreenProps } from '../screen-props.js';
import { parseServerInput, targetLabel, type Target } from './troubleshoot-target.js';

export function TroubleshootScreen({ place, connection, width, height, session }: ScreenProps) {
  const available = connection.methods.has('checks.run');
  const run = useCheckRun(connection.client);
  const [target, setTarget] = useState<Target | undefined>(place.profile ? { profile: place.profile } : undefined);
  const [mode, setMode] = useState<'pick' | 'adhoc' | 'run'>(place.profile ? 'run' : 'pick');
  const [pick, setPick] = useState(0);
  const [serverText, setServerText] = useState('');
  const [selected, setSelected] = useState(0);
  const [detail, setDetail] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error' | 'warn'; text: string } | undefined>(undefined);
  const started = useRef(false);

  const params = (t: Target): ChecksRunParams => ('profile' in t ? { profile: t.profile } : { server: t.server, ...(t.httpsPort ? { httpsPort: t.httpsPort } : {}) });
  const runAll = async (t: Target, what: string): Promise<void> => {
    setMessage(undefined);
    const report = await run.start(params(t));
    if (!report) return;
    if ('profile' in t) session.reports.set(t.profile, report);
    session.record(`${what} for ${targetLabel(t)}: ${summaryWords(report)}`);
  };
  const rerunOne = async (t: Target, checkId: string, title: string): Promise<void> => {
    const before = run.state.checks.find((c) => c.id === checkId)?.result?.status;
    const report = await run.rerun({ ...params(t), checks: [checkId] });
    if (!report) return;
    if ('profile' in t) session.reports.set(t.profile, report);
    const after = report.checks.find((c) => c.id === checkId)?.status;
    const word = (s: string | undefined): string => (s ? `${STATUS_GLYPHS[s as 'pass'].glyph} ${s}` : 'not run');
    session.record(`re-ran ${title} (${checkId}) for ${targetLabel(t)}: ${word(before)} → ${word(after)}`);
    setMessage({ tone: after === 'pass' ? 'ok' : 'warn', text: `${title}: ${word(before)} → ${word(after)} · ${report.summary.skip > 0 ? `${report.summary.skip} skipped: R runs all` : 'others kept'}` });
  };

  useEffect(() => {
    if (started.current || !available || !target || mode !== 'run') return;
    started.current = true;
    void runAll(target, 'ran all checks');
  });

  const choose = (t: Target): void => {
    started.current = false;
    setTarget(t);
    setSelected(0);
    setDetail(false);
    setMode('run');
  };
  const exportMarkdown = (): void => {
    if (!target) return;
    const file = path.join(session.exportDir, `mailbridge-troubleshoot-${targetLabel(target).replace(/[^A-Za-z0-9.-]+/g, '_')}-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
    try {
      writeFileSync(file, sessionMarkdown(targetLabel(target), session.history, run.state.report), { mode: 0o600 });
      session.record(`exported this session to ${file}`);
      setMessage({ tone: 'ok', text: `✓ Exported to ${file}` });
    } catch (error) {
      setMessage({ tone: 'error', text: `✗ Export failed: ${(error as Error).message}` });
    }
  };

  const checks = run.state.checks;
  const current = checks[Math.min(selected, Math.max(0, checks.length - 1))];
  const running = run.state.phase === 'running';
  const options = [...connection.profiles.map((p) => p.name), 'Ad-hoc server…'];
  let actions: KeyAction[] = [];
  let onText: ((t: string) => void) | undefined;
  if (!available) actions = [];
  else if (mode === 'pick') {
    actions = [
      { keys: ['down', 'j'], label: 'down', priority: 3, run: () => setPick((i) => Math.min(options.length - 1, i + 1)) },
      { keys: ['up', 'k'], label: 'up', priority: 4, run: () => setPick((i) => Math.max(0, i - 1)) },
      { keys: ['enter'], label: 'run checks', help: 'run all checks for the chosen profile, or enter a server', priority: 0, run: () => {
        const name = connection.profiles[pick]?.name;
        if (name) choose({ profile: name });
        else setMode('adhoc');
      } },
    ];
  } else if (mode === 'adhoc') {
    onText = (t) => setServerText((v) => v + t.replace(/[\r\n\s]/g, ''));
    actions = [
      { keys: ['enter'], label: 'run checks', help: 'run all checks against host[:https-port]', priority: 0, run: () => {
        const parsed = parseServerInput(serverText);
        if ('error' in parsed) return setMessage({ tone: 'error', text: `✗ ${parsed.error}` });
        session.record(`server set to ${serverText}`);
        choose(parsed);
      } },
      { keys: ['backspace'], label: 'delete', priority: 2, run: () => setServerText((v) => v.slice(0, -1)) },
      { keys: ['escape'], label: 'cancel', help: 'back to the list of profiles', priority: 1, run: () => setMode('pick') },
    ];
  } else if (detail) {
    actions = [
      { keys: ['escape', 'enter'], label: 'close', help: 'back to the list of checks', priority: 0, run: () => setDetail(false) },
      ...(current && target && !running ? [{ keys: ['r'], label: 're-run this', help: 're-run this check and record the result', priority: 1, run: () => void rerunOne(target, current.id, current.title) }] : []),
    ];
  } else {
    actions = [
      { keys: ['down', 'j'], label: 'down', priority: 5, run: () => setSelected((i) => Math.min(checks.length - 1, i + 1)) },
      { keys: ['up', 'k'], label: 'up', priority: 6, run: () => setSelected((i) => Math.max(0, i - 1)) },
      ...(current?.result ? [{ keys: ['enter'], label: 'details', help: 'cause, fix steps and evidence of the selected check', priority: 0, run: () => setDetail(true) }] : []),
      ...(target && !running ? [
        ...(current ? [{ keys: ['r'], label: 're-run', help: 're-run the selected check and record old → new', priority: 1, run: () => void rerunOne(target, current.id, current.title) }] : []),
        { keys: ['R'], label: 're-run all', help: 're-run all checks', priority: 2, run: () => void runAll(target, 're-ran all checks') },
        { keys: ['x'], label: 'export', help: 'export the session (history + last report) as Markdown for a ticket', priority: 3, run: exportMarkdown },
      ] : []),
      { keys: ['p'], label: 'pick target', help: 'choose another profile or server', priority: 7, run: () => setMode('pick') },
    ];
  }
  useScreenKeys({ title: 'Troubleshoot', actions, onText });

  if (!available) {
    return <WrappedLines width={width} maxLines={4} color={toneColour('warn')} text="⚠ This agent does not run checks (no checks.run): update and restart the agent, or run `mailbridge check PROFILE` in a shell." />;
  }
  if (mode === 'pick' || mode === 'adhoc') {
    return (
      <Box flexDirection="column">
        <Text bold>Troubleshoot: choose what to check</Text>
        {options.map((o, i) => <Text key={o} inverse={i === pick && mode === 'pick'}>{fitText(`${i === pick ? '›' : ' '} ${o}`, width)}</Text>)}
        {mode === 'adhoc' ? <Text>{fitText(`Server (host or host:https-port): ${serverText}▏`, width)}</Text> : null}
        {message ? <Text color={toneColour(message.tone)}>{fitText(message.text, width)}</Text> : null}
      </Box>
    );
  }
  const done = checks.filter((c) => c.result).length;
  const head = running ? `… running checks for ${target ? targetLabel(target) : ''}: ${done} done` : run.state.report ? `${target ? targetLabel(target) : ''}: ${summaryWords(run.state.report)} in ${(run.state.report.durationMs / 1000).toFixed(1)} s` : '';
  const listRows = Math.max(3, height - 4);
  const first = Math.max(0, Math.min(selected - listRows + 1, checks.length - listRows));
  return (
    <Box flexDirection="column">
      <Text bold>{fitText(head, width)}</Text>
      {detail && current?.result ? <CheckDetail result={current.result} width={width} height={height - 2} /> : (
        checks.slice(first, first + listRows).map((c, i) => <CheckLine key={c.id} check={c} selected={first + i === selected} width={width} />)
      )}
      {run.state.phase === 'failed' ? <WrappedLines width={width} maxLines={2} color={toneColour('error')} text={`✗ ${run.state.error ?? 'the run failed'}`} /> : null}
      {message ? <WrappedLines width={width} maxLines={2} color={toneColour(message.tone)} text={message.text} /> : null}
    </Box>
  );
}
