/**
 * `mailbridge agent`: runs the agent in the foreground until SIGTERM or SIGINT (AG-1).
 * systemd runs exactly this (docs/systemd/mailbridge-agent.service); so do the tests. The agent
 * code is loaded only here, so other commands never pay for SQLite or the secret
 * backends at start-up.
 */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('agent')
    .description('run the agent in the foreground (logs JSON lines to stderr, pretty on a terminal; stop with Ctrl-C or SIGTERM, reload profiles with SIGHUP)')
    .option('--metrics <address>', 'serve Prometheus metrics on HOST:PORT (e.g. 127.0.0.1:9464); off by default')
    .option('--log-level <level>', 'fatal, error, warn, info (default), debug, trace or silent; overrides MAILBRIDGE_LOG_LEVEL')
    .addHelpText('after', `
Examples:
  mailbridge agent                                   # foreground, as systemd runs it
  mailbridge agent --metrics 127.0.0.1:9464          # with a Prometheus endpoint on loopback
  MAILBRIDGE_LOG_FORMAT=json mailbridge agent --log-level debug
  kill -HUP <pid>  (or systemctl reload mailbridge-agent)   # reload profiles.json

Runs under systemd with docs/systemd/mailbridge-agent.service (Type=notify, NotifyAccess=all).`)
    .action(async (options: { metrics?: string; logLevel?: string }) => {
      const { runAgentService } = await import('../../agent/service/run-agent-service.js');
      process.exitCode = await runAgentService(process.env, options);
    });
}
