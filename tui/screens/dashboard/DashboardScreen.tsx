/**
 * Dashboard: every profile in a table (name, kind, server, enabled, health from the last
 * check run, last and next sync) and the way into every per-profile action.
 */
import { Box, Text } from 'ink';
import { useContext } from 'react';
import { DataTable } from '../../components/DataTable.js';
import { FilterLine } from '../../components/FilterLine.js';
import { useFilteredList } from '../../hooks/use-filtered-list.js';
import { useProfileDocument } from '../../hooks/use-profile-document.js';
import { useScreenKeys } from '../../hooks/use-screen-keys.js';
import { useSyncOverview } from '../../hooks/use-sync-overview.js';
import type { KeyAction } from '../../keys/key-action.js';
import { fitText } from '../../layout/fit-text.js';
import { NavigationContext } from '../../state/navigation.js';
import { toneColour } from '../../theme.js';
import { isPerUserProfile } from '../passwords/password-rows.js';
import type { ScreenProps } from '../screen-props.js';
import { isDelegatedProfile } from '../signin/signin-text.js';
import { PROFILE_COLUMNS, profileRow } from './profile-rows.js';

export function DashboardScreen({ connection, width, height, session, refresh }: ScreenProps) {
  const nav = useContext(NavigationContext);
  const sync = useSyncOverview(connection);
  const list = useFilteredList(connection.profiles, (p) => `${p.name} ${p.server ?? ''} ${p.kind}`);
  const name = list.current?.name;
  // The selected profile's credentials say which per-user actions it has (summaries do not carry them).
  const selectedDoc = useProfileDocument(connection.client, name);
  const withProfile = (action: Omit<KeyAction, 'run'>, run: (profile: string) => void): KeyAction[] =>
    name === undefined ? [] : [{ ...action, run: () => run(name) }];

  useScreenKeys({
    title: 'Dashboard',
    onText: list.onText,
    actions: list.filtering ? list.actions : [
      ...withProfile({ keys: ['enter', 'e'], label: 'edit', help: 'edit the selected profile in the setup wizard', priority: 1 }, (p) => nav.go({ screen: 'setup', profile: p })),
      { keys: ['n'], label: 'new', help: 'add an integration with the setup wizard', priority: 1, run: () => nav.go({ screen: 'setup' }) },
      ...withProfile({ keys: ['t'], label: 'troubleshoot', help: 'run the checks of the selected profile', priority: 2 }, (p) => nav.go({ screen: 'troubleshoot', profile: p })),
      ...withProfile({ keys: ['m'], label: 'staff', help: 'mailboxes (staff) of the selected profile', priority: 3 }, (p) => nav.go({ screen: 'staff', profile: p })),
      ...(isPerUserProfile(selectedDoc.profile) ? withProfile({ keys: ['w'], label: 'passwords', help: "staff members' own passwords of the selected profile (EX-10 per-user mode)", priority: 4 }, (p) => nav.go({ screen: 'passwords', profile: p })) : []),
      ...(isDelegatedProfile(selectedDoc.profile) ? withProfile({ keys: ['i'], label: 'sign in', help: 'Microsoft sign-in (device code) for a staff member of the selected profile (O365-2, O365-5)', priority: 4 }, (p) => nav.go({ screen: 'signin', profile: p })) : []),
      { keys: ['r'], label: 'refresh', help: 'read profiles and agent status again', priority: 7, run: () => void refresh() },
      ...list.actions,
    ],
  });

  const now = new Date();
  const rows = list.items.map((p) => profileRow(p, session.reports.get(p.name), sync.available ? (sync.byProfile.get(p.name) ?? null) : undefined, now));
  const tableHeight = Math.max(1, height - 4);
  return (
    <Box flexDirection="column">
      <Text bold>{fitText(`Profiles (${connection.profiles.length})${connection.status.profiles.default ? ` · default: ${connection.status.profiles.default} (*)` : ''}`, width)}</Text>
      <DataTable columns={PROFILE_COLUMNS} rows={rows} selected={list.selected} width={width} height={tableHeight}
        empty="no profiles yet: press n to add one with the setup wizard" />
      <FilterLine query={list.query} filtering={list.filtering} count={list.items.length} />
      <Text color={toneColour('muted')}>{fitText(sync.available ? 'Health: last check run this session (t). Sync: last run ✓ ok ⚠ partial ✗ failed, next run (6 Sync).' : 'Health: last check run this session (t). Sync times: not reported by this agent (see 6 Sync).', width)}</Text>
    </Box>
  );
}
