/**
 * Prints an error that escaped a command: an operator error as message, cause and
 * fix steps (or one JSON document with --json), anything else as an internal error.
 * Always to stderr, except the JSON document, which is the command's one stdout output.
 */
import { ExitCode } from './exit-codes.js';
import { InternalError, isOperatorError } from '../errors/operator-error.js';

export function renderError(error: unknown, options: { json: boolean }): number {
  if (isOperatorError(error)) {
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ schema: 'mailbridge.error/v1', error: error.toJSON() })}\n`);
    } else {
      const lines = [`error: ${error.message}`, `  cause: ${error.cause}`];
      if (error.fix.length > 0) lines.push('  fix:', ...error.fix.map((step, i) => `    ${i + 1}. ${step}`));
      process.stderr.write(`${lines.join('\n')}\n`);
    }
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  const context = error instanceof InternalError ? ` ${JSON.stringify(error.context)}` : '';
  process.stderr.write(`internal error: ${message}${context}\nThis is a bug in mailbridge; please run \`mailbridge report\` and attach the bundle to an issue.\n`);
  if (process.env.MAILBRIDGE_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return ExitCode.Internal;
}
