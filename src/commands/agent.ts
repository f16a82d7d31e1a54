/**
 * `mailbridge agent`: runs the agent in the foreground until SIGTERM or SIGINT (AG-1).
 * systemd runs exactly this; so do the tests. The agent code is loaded only here, so
 * other commands never pay for SQLite or the secret backends at start-up.
 */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('agent')
    .description('run the agent in the foreground (logs JSON to stderr; stop with Ctrl-C or SIGTERM)')
    .action(async () => {
      const { runAgentInForeground } = await import('../../agent/agent.js');
      process.exitCode = await runAgentInForeground(process.env);
    });
}
