/** Staff screen (being built). */
import { Text } from 'ink';
import { useScreenKeys } from '../../hooks/use-screen-keys.js';
import type { ScreenProps } from '../screen-props.js';

export function StaffScreen(_props: ScreenProps) {
  useScreenKeys({ title: 'Staff', actions: [] });
  return <Text>Staff</Text>;
}
