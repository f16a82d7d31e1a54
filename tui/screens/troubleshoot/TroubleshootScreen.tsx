/** Troubleshoot screen (being built). */
import { Text } from 'ink';
import { useScreenKeys } from '../../hooks/use-screen-keys.js';
import type { ScreenProps } from '../screen-props.js';

export function TroubleshootScreen(_props: ScreenProps) {
  useScreenKeys({ title: 'Troubleshoot', actions: [] });
  return <Text>Troubleshoot</Text>;
}
