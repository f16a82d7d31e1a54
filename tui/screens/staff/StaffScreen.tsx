/**
 * Staff (EX-15): the mailboxes of a profile with their enable switches — never enabled
 * automatically — select all, the last sync attempt, and a per-user view. Tab moves
 * between the profile list and the mailboxes; changes are saved with `s` (profiles.put).
 */
import { Box, Text } from 'ink';
import { useContext, useEffect, useState } from 'react';
import { DataTable } from '../../components/DataTable.js';
import { FilterLine } from '../../components/FilterLine.js';
import { WrappedLines } from '../../components/WrappedLines.js';
import { useFilteredList } from '../../hooks/use-filtered-list.js';
import { useProfileDocument } from '../../hooks/use-profile-document.js';
import { useSyncStatus } from '../../hooks/use-sync-status.js';
import { useDirtyFlag, useScreenKeys } from '../../hooks/use-screen-keys.js';
import type { KeyAction } from '../../keys/key-action.js';
import { fitText, padText } from '../../layout/fit-text.js';
import { longTime, resultMark } from '../../sync/sync-time-text.js';
import { NavigationContext } from '../../state/navigation.js';
import { toneColour } from '../../theme.js';
import { isPerUserProfile } from '../passwords/password-rows.js';
import { isDelegatedProfile } from '../signin/signin-text.js';
import type { ScreenProps } from '../screen-props.js';
import { ownPasswordStored, STAFF_COLUMNS, staffOf, staffRow, toggleAll, toggleOne, type StaffMember } from './staff-rows.js';

const LIST_WIDTH = 18;

export function StaffScreen({ place, connection, width, height, refresh }: ScreenProps) {
  const nav = useContext(NavigationContext);
  const [profileName, setProfileName] = useState(place.profile ?? connection.profiles[0]?.name);
  const [pane, setPane] = useState<'profiles' | 'staff'>(place.profile ? 'staff' : 'profiles');
  const [detail, setDetail] = useState(false);
  const [edited, setEdited] = useState<StaffMember[] | undefined>(undefined);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | undefined>(undefined);
  const doc = useProfileDocument(connection.client, profileName);
  const syncStatus = useSyncStatus(connection.client, connection.methods, profileName);
  const attemptOf = (m: StaffMember) => syncStatus.byMailbox.get(m.user.toLowerCase());
  const staff = edited ?? staffOf(doc.profile);
  const list = useFilteredList(staff, (m) => `${m.user} ${m.displayName ?? ''}`);
  const profileIndex = Math.max(0, connection.profiles.findIndex((p) => p.name === profileName));
  useDirtyFlag(edited !== undefined);
  useEffect(() => setEdited(undefined), [profileName]);

  const save = async (): Promise<void> => {
    if (!doc.profile || !edited || !profileName) return;
    try {
      const put = await connection.client.call('profiles.put', { profile: { ...doc.profile, staff: edited } });
      setEdited(undefined);
      doc.reload();
      await refresh();
      const warnings = put.warnings.map((w) => w.message).join('; ');
      setMessage({ tone: 'ok', text: `✓ Saved staff of ${profileName}: ${edited.filter((m) => m.enabled).length} of ${edited.length} enabled.${warnings ? ` ⚠ ${warnings}` : ''}` });
    } catch (error) {
      setMessage({ tone: 'error', text: `✗ Save failed: ${(error as Error).message}` });
    }
  };

  const member = list.current;
  const perUser = isPerUserProfile(doc.profile);
  const delegated = isDelegatedProfile(doc.profile);
  const pickProfile = (delta: number) => () => {
    const next = connection.profiles[Math.min(Math.max(0, profileIndex + delta), connection.profiles.length - 1)];
    if (next) setProfileName(next.name);
  };
  let actions: KeyAction[];
  if (detail) {
    actions = [{ keys: ['escape', 'enter'], label: 'close', help: 'back to the list', priority: 0, run: () => setDetail(false) }];
  } else if (pane === 'profiles') {
    actions = [
      { keys: ['down', 'j'], label: 'next profile', priority: 1, run: pickProfile(1) },
      { keys: ['up', 'k'], label: 'prev profile', priority: 2, run: pickProfile(-1) },
      { keys: ['tab', 'enter', 'right', 'l'], label: 'mailboxes', help: 'move to the mailboxes pane', priority: 0, run: () => setPane('staff') },
    ];
  } else {
    actions = list.filtering ? list.actions : [
      ...(member ? [{ keys: ['space', 'x'], label: 'toggle', help: 'enable or disable sync for the selected mailbox (EX-15)', priority: 0, run: () => setEdited(toggleOne(staff, member.user)) }] : []),
      { keys: ['a'], label: 'select all', help: 'enable all mailboxes (again: disable all)', priority: 1, run: () => setEdited(toggleAll(staff)) },
      ...(edited ? [{ keys: ['s'], label: 'save', help: 'save the switches to the profile', priority: 0, run: () => void save() }] : []),
      ...(member ? [{ keys: ['enter'], label: 'details', help: 'per-user settings of the selected mailbox', priority: 2, run: () => setDetail(true) }] : []),
      { keys: ['tab', 'shift-tab'], label: 'profiles', help: 'move to the profile list pane', priority: 4, run: () => setPane('profiles') },
      ...(perUser && profileName ? [{ keys: ['w'], label: 'passwords', help: "enter each enabled member's own password (EX-10 per-user mode)", priority: 3, run: () => nav.go({ screen: 'passwords', profile: profileName }) }] : []),
      ...(delegated && profileName ? [{ keys: ['i'], label: 'sign in', help: 'Microsoft sign-in (device code) of a staff member (O365-2, O365-5)', priority: 3, run: () => nav.go({ screen: 'signin', profile: profileName }) }] : []),
      ...list.actions,
    ];
  }
  useScreenKeys({ title: 'Staff', actions, onText: pane === 'staff' && !detail ? list.onText : undefined });

  if (connection.profiles.length === 0) return <Text>No profiles yet: add one with the setup wizard (2).</Text>;
  const tableWidth = width - LIST_WIDTH - 1;
  return (
    <Box flexDirection="column">
      <Box>
        <Box flexDirection="column" width={LIST_WIDTH} marginRight={1}>
          <Text bold>{pane === 'profiles' ? '» PROFILES' : '  PROFILES'}</Text>
          {connection.profiles.slice(0, height - 4).map((p) => (
            <Text key={p.name} inverse={p.name === profileName && pane === 'profiles'}>{fitText(`${p.name === profileName ? '›' : ' '} ${p.name}`, LIST_WIDTH)}</Text>
          ))}
        </Box>
        <Box flexDirection="column" width={tableWidth}>
          <Text bold>{fitText(`${pane === 'staff' ? '» ' : '  '}Mailboxes of ${profileName ?? '–'}: ${staff.filter((m) => m.enabled).length} of ${staff.length} enabled${edited ? ' · unsaved (s saves)' : ''}`, tableWidth)}</Text>
          {detail && member ? (
            <Box flexDirection="column">
              <Text>{padText('Mailbox', 18)}{member.user}</Text>
              <Text>{padText('Display name', 18)}{member.displayName ?? '–'}</Text>
              <Text>{padText('Sync', 18)}{member.enabled ? '✓ enabled' : '– disabled (never automatic, EX-15)'}</Text>
              <Text>{padText('Credentials', 18)}{perUser ? (ownPasswordStored(member, doc.secretFields) ? '✓ own password stored (EX-10)' : '✗ own password missing (EX-10)') : 'sync account (impersonation)'}</Text>
              <Text>{padText('Last sync attempt', 18)}{attemptOf(member)?.lastAttemptAt ? `${longTime(attemptOf(member)?.lastAttemptAt)} ${resultMark(attemptOf(member)?.lastResult)} ${attemptOf(member)?.lastResult ?? ''}` : '– none yet'}</Text>
              <Text>{padText('Last success', 18)}{longTime(attemptOf(member)?.lastSuccessAt)}</Text>
              {syncStatus.available ? null : <WrappedLines width={tableWidth} maxLines={3} color={toneColour('muted')} text="This agent does not report sync attempts (no sync.status); Sync & logs (6) shows this session's runs." />}
            </Box>
          ) : doc.loading ? <Text>Loading…</Text> : (
            <DataTable columns={STAFF_COLUMNS} rows={list.items.map((m) => staffRow(m, attemptOf(m)))} selected={list.selected} width={tableWidth} height={height - 5}
              empty="no staff listed: add addresses in the setup wizard (Sync options)" />
          )}
          <FilterLine query={list.query} filtering={list.filtering} count={list.items.length} />
        </Box>
      </Box>
      {message ? <WrappedLines text={message.text} width={width} maxLines={2} color={toneColour(message.tone)} /> : null}
      {doc.error ? <Text color={toneColour('error')}>✗ {doc.error}</Text> : null}
    </Box>
  );
}
