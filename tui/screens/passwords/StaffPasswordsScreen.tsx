/**
 * Staff passwords (EX-10 per-user mode): the enabled staff members of a per-user profile,
 * which of them have their own password stored (never the value), and a masked field to
 * enter one. The value goes only to the agent's `secrets.set` under `password:<user>` —
 * the same path the wizard uses for the sync account password — and is dropped from
 * memory once sent or cancelled; the screen, the session history and the footer never
 * show it.
 */
import { Box, Text } from 'ink';
import { useContext, useRef, useState } from 'react';
import { WrappedLines } from '../../components/WrappedLines.js';
import { useProfileDocument } from '../../hooks/use-profile-document.js';
import { useDirtyFlag, useScreenKeys } from '../../hooks/use-screen-keys.js';
import type { KeyAction } from '../../keys/key-action.js';
import { fitText, padText } from '../../layout/fit-text.js';
import { NavigationContext } from '../../state/navigation.js';
import { toneColour } from '../../theme.js';
import type { ScreenProps } from '../screen-props.js';
import { disabledCount, isPerUserProfile, maskedValue, passwordAlias, passwordProblem, passwordRows } from './password-rows.js';

type Mode = { kind: 'list' } | { kind: 'typing'; user: string } | { kind: 'confirm-remove'; user: string } | { kind: 'storing'; user: string };

export function StaffPasswordsScreen({ place, connection, width, height, session }: ScreenProps) {
  const nav = useContext(NavigationContext);
  const onprem = connection.profiles.filter((p) => p.kind === 'exchange-onprem');
  const [profileName, setProfileName] = useState(place.profile ?? onprem[0]?.name);
  const doc = useProfileDocument(connection.client, profileName);
  const [selected, setSelected] = useState(0);
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [message, setMessage] = useState<{ tone: 'ok' | 'error' | 'warn'; text: string } | undefined>(undefined);
  // The typed value lives in a ref (keys arrive faster than renders); only its length is state.
  const typed = useRef('');
  const [typedLength, setTypedLength] = useState(0);
  const perUser = isPerUserProfile(doc.profile);
  const rows = perUser ? passwordRows(doc.profile, doc.secretFields) : [];
  const row = rows[Math.min(selected, rows.length - 1)];
  useDirtyFlag(mode.kind === 'typing' && typedLength > 0);

  const clearTyped = (): void => {
    typed.current = '';
    setTypedLength(0);
  };
  const store = async (user: string): Promise<void> => {
    const problem = passwordProblem(typed.current);
    if (problem) {
      setMessage({ tone: 'error', text: `✗ ${problem}` });
      return;
    }
    const value = typed.current;
    clearTyped();
    setMode({ kind: 'storing', user });
    try {
      await connection.client.call('secrets.set', { profile: profileName!, field: passwordAlias(user), value });
      session.record(`stored the own password of ${user} for ${profileName} (EX-10)`);
      setMessage({ tone: 'ok', text: `✓ Password stored for ${user} (EX-10). The value is kept only in the secret store.` });
      doc.reload();
    } catch (error) {
      setMessage({ tone: 'error', text: `✗ Could not store the password of ${user}: ${(error as Error).message}` });
    }
    setMode({ kind: 'list' });
  };
  const remove = async (user: string): Promise<void> => {
    setMode({ kind: 'storing', user });
    try {
      const { deleted } = await connection.client.call('secrets.delete', { profile: profileName!, field: passwordAlias(user) });
      session.record(`removed the own password of ${user} for ${profileName} (EX-10)`);
      setMessage({ tone: deleted ? 'ok' : 'warn', text: deleted ? `✓ Password of ${user} removed; their mailbox stops syncing until a new one is stored.` : `– ${user} had no stored password.` });
      doc.reload();
    } catch (error) {
      setMessage({ tone: 'error', text: `✗ Could not remove the password of ${user}: ${(error as Error).message}` });
    }
    setMode({ kind: 'list' });
  };
  const cycleProfile = (delta: number) => (): void => {
    const index = onprem.findIndex((p) => p.name === profileName);
    const next = onprem[(index + delta + onprem.length) % onprem.length];
    if (next && next.name !== profileName) {
      setProfileName(next.name);
      setSelected(0);
      setMessage(undefined);
    }
  };

  let actions: KeyAction[] = [];
  let onText: ((text: string) => void) | undefined;
  if (mode.kind === 'typing') {
    onText = (text) => {
      typed.current += text.replace(/[\r\n]/g, '');
      setTypedLength(typed.current.length);
    };
    actions = [
      { keys: ['enter'], label: 'store', help: `store the password of ${mode.user} in the secret store (secrets.set)`, priority: 0, run: () => void store(mode.user) },
      { keys: ['backspace'], label: 'delete', help: 'delete the last character', priority: 2, run: () => { typed.current = typed.current.slice(0, -1); setTypedLength(typed.current.length); } },
      { keys: ['escape'], label: 'cancel', help: 'forget what was typed and go back to the list', priority: 1, run: () => { clearTyped(); setMode({ kind: 'list' }); } },
    ];
  } else if (mode.kind === 'confirm-remove') {
    actions = [
      { keys: ['y'], label: 'remove', help: `remove the stored password of ${mode.user}`, priority: 0, run: () => void remove(mode.user) },
      { keys: ['n', 'escape'], label: 'keep', help: 'keep the password', priority: 1, run: () => setMode({ kind: 'list' }) },
    ];
  } else if (mode.kind === 'list') {
    actions = [
      ...(row ? [
        { keys: ['enter', 'e'], label: row.stored ? 'replace' : 'set password', help: 'type the selected member\'s own password (masked) and store it', priority: 0, run: () => { clearTyped(); setMessage(undefined); setMode({ kind: 'typing', user: row.user }); } },
        { keys: ['down', 'j'], label: 'down', priority: 3, run: () => setSelected((i) => Math.min(rows.length - 1, i + 1)) },
        { keys: ['up', 'k'], label: 'up', priority: 4, run: () => setSelected((i) => Math.max(0, i - 1)) },
      ] : []),
      ...(row?.stored ? [{ keys: ['x'], label: 'remove', help: 'remove the selected member\'s stored password (asks first)', priority: 5, run: () => setMode({ kind: 'confirm-remove', user: row.user }) }] : []),
      ...(onprem.length > 1 ? [
        { keys: [']', 'right'], label: 'next profile', help: 'the next on-premises profile', priority: 6, run: cycleProfile(1) },
        { keys: ['[', 'left'], label: 'prev profile', help: 'the previous on-premises profile', priority: 7, run: cycleProfile(-1) },
      ] : []),
      ...(profileName ? [
        { keys: ['m'], label: 'staff', help: 'enable or disable mailboxes on the Staff screen', priority: 2, run: () => nav.go({ screen: 'staff', profile: profileName }) },
        ...(!perUser && doc.profile ? [{ keys: ['w'], label: 'wizard', help: 'edit the profile (Credentials: "each user\'s own credentials")', priority: 1, run: () => nav.go({ screen: 'setup', profile: profileName }) }] : []),
      ] : []),
    ];
  }
  useScreenKeys({ title: 'Staff passwords', actions, onText });

  if (!profileName) return <WrappedLines width={width} maxLines={3} text="No Exchange on-premises profile yet: per-user passwords (EX-10) belong to one. Add it with the setup wizard (2)." />;
  const header = `Own passwords of ${profileName}'s staff (EX-10 per-user mode)`;
  if (doc.loading && !doc.profile) return <Text>Loading {profileName}…</Text>;
  if (doc.error) return <Text color={toneColour('error')}>{fitText(`✗ Could not read ${profileName}: ${doc.error}`, width)}</Text>;
  if (!perUser) {
    return (
      <Box flexDirection="column">
        <Text bold>{fitText(header, width)}</Text>
        <WrappedLines width={width} maxLines={4} text={`${profileName} uses the sync account for every mailbox (impersonation), so staff need no passwords of their own. Per-user passwords apply when the wizard's Credentials step says "each user's own credentials" (EX-10): w opens the wizard.`} />
      </Box>
    );
  }
  const disabled = disabledCount(doc.profile);
  const listRows = Math.max(1, height - 7);
  const first = Math.max(0, Math.min(selected - listRows + 1, rows.length - listRows));
  const stored = rows.filter((r) => r.stored).length;
  return (
    <Box flexDirection="column">
      <Text bold>{fitText(`${header}: ${stored} of ${rows.length} set`, width)}</Text>
      {rows.length === 0 ? <WrappedLines width={width} maxLines={2} text="No staff member is enabled: enable mailboxes on the Staff screen (m) first; only enabled ones sync and need a password." /> : null}
      {rows.slice(first, first + listRows).map((r, i) => {
        const index = first + i;
        const mark = r.stored ? '✓ password set' : '✗ no password';
        return (
          <Text key={r.user} inverse={index === selected && mode.kind === 'list'}>
            {`${index === selected ? '›' : ' '} ${padText(fitText(r.displayName ? `${r.user} (${r.displayName})` : r.user, width - 20), width - 20)} `}
            <Text color={toneColour(r.stored ? 'ok' : 'error')}>{mark}</Text>
          </Text>
        );
      })}
      {disabled > 0 ? <Text color={toneColour('muted')}>{fitText(`${disabled} disabled mailbox${disabled === 1 ? '' : 'es'} need${disabled === 1 ? 's' : ''} none until enabled (EX-15).`, width)}</Text> : null}
      {mode.kind === 'typing' ? (
        <Text>{fitText(`Password for ${mode.user}: `, Math.max(10, width - 28))}<Text inverse>{`${maskedValue(typedLength)}▏`}</Text></Text>
      ) : mode.kind === 'confirm-remove' ? (
        <Text color={toneColour('warn')}>{fitText(`Remove the stored password of ${mode.user}? y removes · n keeps`, width)}</Text>
      ) : mode.kind === 'storing' ? (
        <Text>{fitText(`… storing for ${mode.user}`, width)}</Text>
      ) : null}
      {message ? <WrappedLines text={message.text} width={width} maxLines={2} color={toneColour(message.tone)} /> : null}
    </Box>
  );
}
