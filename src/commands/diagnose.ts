/**
 * `mailbridge diagnose [TEXT|-] [--json]`: explains an error code, message or log excerpt
 * (architecture.md, "Contracts"). Reads stdin when TEXT is `-` or absent; runs in-process
 * (no agent needed). Exit 0 when something matched, 1 when nothing did, 2 for usage errors.
 * With --json, stdout holds exactly the diagnosis document.
 */
import type { Command } from 'commander';
import { ExitCode } from '../cli/exit-codes.js';
import { OperatorError } from '../errors/operator-error.js';
import { diagnose, renderDiagnosisText } from '../diagnosis/index.js';

/** Far more than any log excerpt worth pasting; beyond it the input is almost surely a mistake. */
const MAX_INPUT_BYTES = 16 * 1024 * 1024;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new OperatorError({
      code: 'MB_DIAGNOSE_NO_INPUT', family: 'config', exitCode: 2,
      message: 'nothing to diagnose: no TEXT given and stdin is a terminal',
      cause: 'mailbridge diagnose reads the error text from its argument, or from stdin when the argument is "-" or absent; it does not prompt.',
      fix: [
        'Pass the text: mailbridge diagnose "AADSTS7000215: Invalid client secret provided"',
        'Or pipe a log excerpt: journalctl -u mailbridge --since -1h | mailbridge diagnose -',
      ],
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) {
      throw new OperatorError({
        code: 'MB_DIAGNOSE_INPUT_TOO_LARGE', family: 'config', exitCode: 2,
        message: `input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`,
        cause: 'diagnose is meant for an error message or a log excerpt, not a whole log file.',
        fix: ['Pipe only the lines around the failure, e.g. grep -B5 -A20 -i error app.log | mailbridge diagnose -'],
      });
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function register(program: Command): void {
  program
    .command('diagnose')
    .argument('[text...]', 'an error code, message or log excerpt; "-" or nothing reads stdin')
    .description('explain an error code, message or log excerpt: root cause and fix steps (exit 0 matched, 1 nothing matched)')
    .option('--json', 'print one mailbridge.diagnosis/v1 JSON document on stdout')
    .action(async (words: string[], options: { json?: boolean }) => {
      const fromStdin = words.length === 0 || (words.length === 1 && words[0] === '-');
      const text = fromStdin ? await readStdin() : words.join(' ');
      const document = diagnose(text);
      process.stdout.write(options.json ? `${JSON.stringify(document)}\n` : `${renderDiagnosisText(document)}\n`);
      process.exitCode = document.matches.length > 0 ? ExitCode.Ok : ExitCode.Failed;
    });
}
