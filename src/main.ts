/**
 * The composition root of the CLI: builds the command tree from the table in
 * commands/index.ts, runs it, and turns every outcome into an exit code from the
 * contract (0 ok, 1 failed, 2 usage, 3 internal).
 */
import { Command, CommanderError } from 'commander';
import { ExitCode } from './cli/exit-codes.js';
import { renderError } from './cli/render-error.js';
import { addHelpExamples } from './commands/help-examples.js';
import { COMMANDS } from './commands/index.js';
import { MAILBRIDGE_VERSION } from './version.js';

export function buildProgram(): Command {
  const program = new Command('mailbridge')
    .description('Connect business applications to Exchange: setup, checks, diagnosis and sync.')
    .version(MAILBRIDGE_VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride();
  for (const register of COMMANDS) register(program);
  addHelpExamples(program);
  return program;
}

/** Runs the CLI; resolves to the process exit code instead of exiting, so tests can call it. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    // No arguments at all opens the operator console (AG-3); any argument is a headless command.
    const args = argv.length === 0 ? ['console'] : [...argv];
    const result: unknown = await program.parseAsync(args, { from: 'user' });
    // Actions report their own exit code through the program's `exitCode` slot.
    void result;
    return commandExitCode(program);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    return renderError(error, { json: argv.includes('--json') });
  }
}

/** Commands set `process.exitCode`; read it back and reset it so main() stays re-entrant. */
function commandExitCode(_program: Command): number {
  const code = typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Ok;
  process.exitCode = undefined;
  return code;
}
