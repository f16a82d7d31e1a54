/** Asked before quitting with unsaved wizard input: a dangerous action confirms. */
import { Box, Text } from 'ink';
import { toneColour } from '../theme.js';

export function ConfirmQuit() {
  return (
    <Box borderStyle="single" paddingX={1} flexDirection="column">
      <Text color={toneColour('warn')}>⚠ The setup wizard has unsaved input.</Text>
      <Text>Quit anyway and lose it? y quit · n stay</Text>
    </Box>
  );
}
