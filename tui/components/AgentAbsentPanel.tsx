/**
 * What the body shows while there is no usable agent: none running (offer to start one
 * in the background), starting, gone mid-session (reconnecting), or refused.
 */
import { Box, Text } from 'ink';
import type { AgentConnection } from '../hooks/use-agent.js';
import { toneColour } from '../theme.js';

export function AgentAbsentPanel({ connection }: { connection: Exclude<AgentConnection, { state: 'connected' }> }) {
  switch (connection.state) {
    case 'connecting':
      return <Text>Connecting to the agent…</Text>;
    case 'absent':
      return (
        <Box flexDirection="column">
          <Text color={toneColour('error')}>✗ No mailbridge agent is running (nothing answers at {connection.socketPath}).</Text>
          {connection.starting ? (
            <Text>… Starting the agent in the background (mailbridge agent)…</Text>
          ) : (
            <Text>Press s to start the agent in the background now, or q to quit.</Text>
          )}
          <Text color={toneColour('muted')}>As a service instead: systemctl --user start mailbridge</Text>
          {connection.startError ? <Text color={toneColour('error')}>✗ {connection.startError}</Text> : null}
        </Box>
      );
    case 'lost':
      return (
        <Box flexDirection="column">
          <Text color={toneColour('warn')}>⚠ The agent went away (stopped or crashed). Reconnecting every second…</Text>
          <Text color={toneColour('muted')}>Attempt {connection.attempts + 1}. Nothing you entered is lost. q quits.</Text>
        </Box>
      );
    case 'failed':
      return (
        <Box flexDirection="column">
          <Text color={toneColour('error')}>✗ {connection.message}</Text>
          {connection.fix.map((step, i) => <Text key={i}>  {i + 1}. {step}</Text>)}
        </Box>
      );
  }
}
