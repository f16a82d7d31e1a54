/** Setup screen (being built). */
import { Text } from 'ink';
import { useScreenKeys } from '../../hooks/use-screen-keys.js';
import type { ScreenProps } from '../screen-props.js';

export function SetupScreen(_props: ScreenProps) {
  useScreenKeys({ title: 'Setup', actions: [] });
  return <Text>Setup</Text>;
}
