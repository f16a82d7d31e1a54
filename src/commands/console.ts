/**
 * `mailbridge console` (and `mailbridge` with no arguments): opens the operator console.
 * The console's modules (Ink, React) load only here, so headless commands start fast.
 */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('console')
    .description('open the operator console (also: mailbridge with no arguments); needs a terminal')
    .action(async () => {
      const { runConsole } = await import('../../tui/run-console.js');
      process.exitCode = await runConsole();
    });
}
