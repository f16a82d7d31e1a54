/**
 * Opening the console: refuses a non-TTY (prompts and raw keys need a terminal) with the
 * headless command to use instead and exit code 2, otherwise renders the shell and
 * resolves when the operator quits.
 */
import { render } from 'ink';
import { socketPath as defaultSocketPath } from '../src/paths.js';
import { App } from './App.js';
import { defaultAgentLauncher, type AgentLauncher } from './state/agent-launcher.js';
import type { Place } from './state/navigation.js';

export interface RunConsoleOptions {
  env?: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  launcher?: AgentLauncher;
  initial?: Place;
}

export const NON_TTY_MESSAGE = [
  'mailbridge: the console needs an interactive terminal (stdin and stdout must be a TTY).',
  'Use the headless commands instead, e.g.:',
  '  mailbridge status            agent state (add --json for scripts)',
  '  mailbridge profile list      profiles; profile import FILE to add one',
  '  mailbridge check PROFILE     run the checks (--json, --format markdown)',
  '  mailbridge diagnose TEXT     explain an error message',
  'Run `mailbridge --help` for every command.',
].join('\n');

/** Whether the console can run here: both ends a TTY, and not a CI runner (Ink would print only the last frame). */
export function canRunConsole(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return Boolean(stdin.isTTY && stdout.isTTY) && !ci;
}

/** Runs the console; resolves to the exit code. */
export async function runConsole(options: RunConsoleOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  if (!canRunConsole(stdin, stdout, env)) {
    stderr.write(`${NON_TTY_MESSAGE}\n`);
    return 2;
  }
  const instance = render(
    <App socketPath={defaultSocketPath(env)} launcher={options.launcher ?? defaultAgentLauncher(env)} initial={options.initial} />,
    { stdin, stdout, stderr, exitOnCtrlC: false },
  );
  await instance.waitUntilExit();
  return 0;
}
