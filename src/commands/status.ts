/**
 * `mailbridge status [--json]`: the agent's status document. When no agent answers,
 * the typed AgentNotRunningError says so and how to start one, and the CLI exits 1
 * (with --json, that error is the one JSON document on stdout).
 */
import type { Command } from 'commander';
import { ExitCode } from '../cli/exit-codes.js';
import { formatAgentStatus } from '../cli/format-agent-status.js';
import { withAgent } from '../protocol/connect-agent.js';

export const STATUS_SCHEMA = 'mailbridge.agent-status/v1';

export function register(program: Command): void {
  program
    .command('status')
    .description("print the agent's status (uptime, versions, store, secret backend, profiles, jobs); exit 1 when no agent runs")
    .option('--json', 'print one JSON document on stdout')
    .action(async (options: { json?: boolean }) => {
      const status = await withAgent((client) => client.call('agent.status'));
      process.stdout.write(options.json ? `${JSON.stringify({ schema: STATUS_SCHEMA, ...status })}\n` : `${formatAgentStatus(status)}\n`);
      process.exitCode = ExitCode.Ok;
    });
}
