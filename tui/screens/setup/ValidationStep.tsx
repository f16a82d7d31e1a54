/**
 * The wizard's live-validation step. The checks stream in from the agent's `checks.run`;
 * an agent that does not serve it yet is said so plainly, with where the checks run instead.
 */
import { Box, Text } from 'ink';
import { WrappedLines } from '../../components/WrappedLines.js';
import { toneColour } from '../../theme.js';
import type { ScreenProps } from '../screen-props.js';

export function ValidationStep({ connection, width }: { connection: ScreenProps['connection']; profileName: string; width: number }) {
  if (!connection.methods.has('checks.run')) {
    return (
      <Box flexDirection="column">
        <Text color={toneColour('warn')}>⚠ This agent does not run checks yet (no checks.run).</Text>
        <WrappedLines width={width} maxLines={4} text="The fields are validated as you type. After saving, run the connection checks from Troubleshoot (3), or with `mailbridge check PROFILE`. Enter goes on to the sync options." />
      </Box>
    );
  }
  return <Text>Checks run after the profile is saved (Troubleshoot).</Text>;
}
