/**
 * Opening the console: refuses a non-TTY (prompts and raw keys need a terminal) with the
 * headless command to use instead and exit code 2, otherwise renders the shell and
 * resolves when the operator quits.
 */
import { render } from 'ink';
import { socketPath as defaultSocketPath } from '../src/paths.js';
import { App } from './App.js';
import { canRunConsole, NON_TTY_MESSAGE } from './console-environment.js';
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

export { canRunConsole, NON_TTY_MESSAGE } from './console-environment.js';

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
