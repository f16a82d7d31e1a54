/** SyncLogs screen (being built). */
import { Text } from 'ink';
import { useScreenKeys } from '../../hooks/use-screen-keys.js';
import type { ScreenProps } from '../screen-props.js';

export function SyncLogsScreen(_props: ScreenProps) {
  useScreenKeys({ title: 'SyncLogs', actions: [] });
  return <Text>SyncLogs</Text>;
}
