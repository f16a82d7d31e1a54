/**
 * The way the console starts the CLI beside it (the agent launcher's command, arguments
 * and environment), shared with screens that run a headless command as a child process —
 * the sign-in screen runs `mailbridge signin` so the device code flow keeps its one home.
 */
import { createContext } from 'react';
import type { AgentLauncher } from './agent-launcher.js';

export const LauncherContext = createContext<AgentLauncher | undefined>(undefined);

/**
 * The launcher's command with another subcommand: the agent launcher's last argument is
 * the subcommand `agent`, everything before it starts the CLI (node and the built bin).
 */
export function cliInvocation(launcher: AgentLauncher, args: readonly string[]): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const prefix = launcher.args[launcher.args.length - 1] === 'agent' ? launcher.args.slice(0, -1) : [...launcher.args];
  return { command: launcher.command, args: [...prefix, ...args], env: launcher.env };
}
