/**
 * Sign-in (O365-2 connect, O365-5 re-authenticate): for a delegated Exchange Online
 * profile, pick an enabled staff member and run the device code sign-in. Shows the page
 * and the code to type there, waits with a spinner and the time gone, and ends with the
 * signed-in account, or the error with the diagnosis KB's cause and fix, or cancelled.
 */
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { useContext, useEffect, useState } from 'react';
import { WrappedLines } from '../../components/WrappedLines.js';
import { useProfileDocument } from '../../hooks/use-profile-document.js';
import { useScreenKeys } from '../../hooks/use-screen-keys.js';
import { useSignin, type SigninState } from '../../hooks/use-signin.js';
import { useSyncStatus } from '../../hooks/use-sync-status.js';
import type { KeyAction } from '../../keys/key-action.js';
import { fitText, padText } from '../../layout/fit-text.js';
import { LauncherContext } from '../../state/launcher-context.js';
import { NavigationContext } from '../../state/navigation.js';
import { attemptCell } from '../../sync/sync-time-text.js';
import { toneColour } from '../../theme.js';
import type { ScreenProps } from '../screen-props.js';
import { staffOf } from '../staff/staff-rows.js';
import { elapsedText, isDelegatedProfile } from './signin-text.js';

export function SigninScreen({ place, connection, width, height, session }: ScreenProps) {
  const nav = useContext(NavigationContext);
  const launcher = useContext(LauncherContext);
  const online = connection.profiles.filter((p) => p.kind === 'exchange-online');
  const [profileName, setProfileName] = useState(place.profile ?? online[0]?.name);
  const doc = useProfileDocument(connection.client, profileName);
  const signin = useSignin(connection.client, launcher, profileName, connection.methods.has('diagnose.explain'));
  const [selected, setSelected] = useState(0);
  // O365-5: a failing last sync is how a user who must sign in again shows up.
  const syncStatus = useSyncStatus(connection.client, connection.methods, profileName);
  const delegated = isDelegatedProfile(doc.profile);
  const users = staffOf(doc.profile).filter((m) => m.enabled);
  const user = users[Math.min(selected, users.length - 1)];
  const { state } = signin;

  // The waiting line counts seconds; nothing else re-renders while the user signs in.
  const [, setTick] = useState(0);
  const busy = state.phase === 'starting' || state.phase === 'waiting';
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
    return () => clearInterval(timer);
  }, [busy]);
  // The session history (Troubleshoot's export) records outcomes, never codes or tokens.
  useEffect(() => {
    if (state.phase === 'signed-in') session.record(`signed in ${state.username} for ${profileName} (device code, O365-2)`);
    else if (state.phase === 'failed') session.record(`sign-in of ${state.user} for ${profileName} failed: ${state.failure.message}`);
    else if (state.phase === 'cancelled') session.record(`sign-in of ${state.user} for ${profileName} cancelled`);
  }, [state, profileName, session]);

  const cycleProfile = (delta: number) => (): void => {
    const index = online.findIndex((p) => p.name === profileName);
    const next = online[(index + delta + online.length) % online.length];
    if (next && next.name !== profileName) {
      setProfileName(next.name);
      setSelected(0);
      signin.reset();
    }
  };
  const validate: KeyAction = { keys: ['t'], label: 'validate', help: 'run the checks of the profile (Validate connection)', priority: 1, run: () => nav.go({ screen: 'troubleshoot', profile: profileName }) };
  let actions: KeyAction[] = [];
  if (busy) {
    actions = [{ keys: ['c', 'escape'], label: 'cancel', help: 'stop waiting and end the sign-in', priority: 0, run: signin.cancel }];
  } else if (state.phase === 'signed-in') {
    actions = [validate, { keys: ['enter'], label: 'done', help: 'back to the list of staff', priority: 0, run: signin.reset }];
  } else if (state.phase === 'failed' || state.phase === 'cancelled') {
    actions = [
      { keys: ['r'], label: 'retry', help: `sign in as ${state.user} again`, priority: 0, run: () => signin.start(state.user) },
      { keys: ['enter'], label: 'back', help: 'back to the list of staff', priority: 1, run: signin.reset },
    ];
  } else if (delegated && launcher) {
    actions = [
      ...(user ? [{ keys: ['enter', 'i'], label: 'sign in', help: 'start the device code sign-in as the selected staff member', priority: 0, run: () => signin.start(user.user) }] : []),
      { keys: ['down', 'j'], label: 'down', priority: 3, run: () => setSelected((i) => Math.min(users.length - 1, i + 1)) },
      { keys: ['up', 'k'], label: 'up', priority: 4, run: () => setSelected((i) => Math.max(0, i - 1)) },
      validate,
    ];
  }
  if (!busy && online.length > 1) {
    actions = [...actions,
      { keys: [']', 'right'], label: 'next profile', help: 'the next Exchange Online profile', priority: 6, run: cycleProfile(1) },
      { keys: ['[', 'left'], label: 'prev profile', help: 'the previous Exchange Online profile', priority: 7, run: cycleProfile(-1) },
    ];
  }
  useScreenKeys({ title: 'Sign-in', actions });

  if (!profileName) return <WrappedLines width={width} maxLines={3} text="No Exchange Online profile yet: Microsoft sign-in (O365-2) belongs to a delegated one. Add it with the setup wizard (2)." />;
  const title = <Text bold>{fitText(`Microsoft sign-in for ${profileName} (O365-2, O365-5)`, width)}</Text>;
  if (doc.loading && !doc.profile) return <Text>Loading {profileName}…</Text>;
  if (doc.error) return <Text color={toneColour('error')}>{fitText(`✗ Could not read ${profileName}: ${doc.error}`, width)}</Text>;
  if (!delegated) {
    return (
      <Box flexDirection="column">
        {title}
        <WrappedLines width={width} maxLines={4} text={`${profileName} signs in as the app (client secret or certificate), so nobody signs in here. Device code sign-in applies to profiles whose Sign-in is "each user signs in (delegated)" — change it in the setup wizard.`} />
      </Box>
    );
  }
  if (!launcher) return <Box flexDirection="column">{title}<WrappedLines width={width} maxLines={3} text={`This console cannot start the CLI; run: mailbridge signin ${profileName} --user ADDRESS`} /></Box>;
  return (
    <Box flexDirection="column">
      {title}
      {state.phase === 'idle'
        ? <StaffPicker users={users.map((m) => ({ user: m.user, lastSync: syncStatus.available ? attemptCell(syncStatus.byMailbox.get(m.user.toLowerCase())?.lastAttemptAt, syncStatus.byMailbox.get(m.user.toLowerCase())?.lastResult) : '' }))} selected={selected} width={width} height={height - 3} />
        : <SigninProgress state={state} width={width} />}
    </Box>
  );
}

function StaffPicker({ users, selected, width, height }: { users: Array<{ user: string; lastSync: string }>; selected: number; width: number; height: number }) {
  if (users.length === 0) return <WrappedLines width={width} maxLines={3} text="No staff member is enabled: each signs in for their own mailbox, so enable them on the Staff screen (5) first." />;
  const rows = Math.max(1, height - 3);
  const first = Math.max(0, Math.min(selected - rows + 1, users.length - rows));
  return (
    <Box flexDirection="column">
      <Text color={toneColour('muted')}>{fitText(`Who signs in? Each staff member connects their own mailbox.${users.some((u) => u.lastSync) ? ' Last sync:' : ''}`, width)}</Text>
      {users.slice(first, first + rows).map((u, i) => (
        <Text key={u.user} inverse={first + i === selected}>{fitText(`${first + i === selected ? '›' : ' '} ${padText(u.user, Math.max(10, width - 20))} ${u.lastSync}`, width)}</Text>
      ))}
      <WrappedLines width={width} maxLines={2} color={toneColour('muted')} text="enter shows a code; the user opens the page on any device, types it and signs in with Microsoft." />
    </Box>
  );
}

function SigninProgress({ state, width }: { state: Exclude<SigninState, { phase: 'idle' }>; width: number }) {
  switch (state.phase) {
    case 'starting':
      return <Text><Spinner type="dots" />{fitText(` asking Microsoft for a sign-in code for ${state.user}… ${elapsedText(Date.now() - state.since)}`, width - 2)}</Text>;
    case 'waiting':
      return (
        <Box flexDirection="column">
          <Text>{fitText(`${state.user}: on any device, open`, width)}</Text>
          <Text bold color={toneColour('accent')}>{fitText(`  ${state.prompt.verificationUri}`, width)}</Text>
          <Text>and enter the code</Text>
          <Text bold color={toneColour('accent')}>{`  ${state.prompt.userCode}`}</Text>
          <Text> </Text>
          <Text><Spinner type="dots" />{fitText(` waiting for the sign-in… ${elapsedText(Date.now() - state.since)} · c cancels`, width - 2)}</Text>
        </Box>
      );
    case 'signed-in':
      return (
        <Box flexDirection="column">
          <Text color={toneColour('ok')}>{fitText(`✓ Signed in as ${state.username}`, width)}</Text>
          <WrappedLines width={width} maxLines={3} text="The sign-in is stored in the secret store, never in the config file. t runs the checks (Validate connection); the next sync uses it." />
        </Box>
      );
    case 'cancelled':
      return <Text color={toneColour('warn')}>{fitText(`– Sign-in of ${state.user} cancelled. r starts again.`, width)}</Text>;
    case 'failed': {
      const { failure, match } = state;
      const fix = match?.fix ?? failure.fix;
      return (
        <Box flexDirection="column">
          <WrappedLines width={width} maxLines={3} color={toneColour('error')} text={`✗ Sign-in of ${state.user} failed: ${failure.message}`} />
          {match ? <Text bold>{fitText(`${match.code} — ${match.title}`, width)}</Text> : null}
          {match?.cause ?? failure.cause ? <WrappedLines width={width} maxLines={3} text={`Cause: ${match?.cause ?? failure.cause}`} /> : null}
          {fix.length > 0 ? <Text>Fix:</Text> : null}
          {fix.slice(0, 4).map((step, i) => <WrappedLines key={i} width={width} maxLines={2} text={`  ${i + 1}. ${step}`} />)}
          <Text color={toneColour('muted')}>{fitText('r retries · enter back · 4 Diagnose explains other errors', width)}</Text>
        </Box>
      );
    }
  }
}
