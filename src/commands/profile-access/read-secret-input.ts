/**
 * Reads a secret from stdin — the only way a secret enters the CLI (never argv, AG-5).
 * Piped input is read to EOF (one trailing newline dropped); on a terminal the value is
 * typed without echo and ends at Enter.
 */
import { normaliseSecretInput } from '../../profiles/secret-fields.js';
import { MAX_SECRET_BYTES } from '../../protocol/schemas/secret-schemas.js';
import { OperatorError } from '../../errors/operator-error.js';

function tooLarge(): OperatorError {
  return new OperatorError({
    code: 'MB_SECRET_INPUT_TOO_LARGE',
    family: 'config',
    message: `stdin carries more than ${MAX_SECRET_BYTES} bytes`,
    cause: 'A secret is a password, a client secret or a PEM key; this is more than any of those.',
    fix: ['Pipe only the secret, e.g. `printf %s "$VALUE" | mailbridge secrets set PROFILE FIELD --stdin`.'],
    exitCode: 2,
  });
}

async function readPiped(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_SECRET_BYTES) throw tooLarge();
    chunks.push(buffer);
  }
  return normaliseSecretInput(Buffer.concat(chunks).toString('utf8'));
}

function readTyped(stdin: NodeJS.ReadStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (text: string) => {
      for (const ch of text) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') {
          return done(new OperatorError({ code: 'MB_SECRET_INPUT_CANCELLED', family: 'config', message: 'cancelled', cause: 'Ctrl-C while typing the secret.', fix: ['Run the command again.'], exitCode: 1 }));
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export async function readSecretFromStdin(prompt: string, stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  return stdin.isTTY ? readTyped(stdin, prompt) : readPiped(stdin);
}
