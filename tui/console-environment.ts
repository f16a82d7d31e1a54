/**
 * Whether the console can run in this environment, and what to say when it cannot. Kept
 * free of Ink and React so a command can refuse a non-TTY before loading them.
 */
export const NON_TTY_MESSAGE = [
  'mailbridge: the console needs an interactive terminal (stdin and stdout must be a TTY).',
  'Use the headless commands instead, e.g.:',
  '  mailbridge status            agent state (add --json for scripts)',
  '  mailbridge profile list      profiles; profile import FILE to add one',
  '  mailbridge check PROFILE     run the checks (--json, --format markdown)',
  '  mailbridge diagnose TEXT     explain an error message',
  '  mailbridge sync PROFILE      sync once and print a summary (--once --json)',
  '  mailbridge logs --follow     the agent\'s log lines',
  'Run `mailbridge --help` for every command.',
].join('\n');

/** Whether the console can run here: both ends a TTY, and not a CI runner (Ink would print only the last frame). */
export function canRunConsole(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return Boolean(stdin.isTTY && stdout.isTTY) && !ci;
}

