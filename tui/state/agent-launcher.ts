/**
 * Starting an agent in the background when the console finds none: `mailbridge agent`
 * as a detached child with the console's own environment (so it uses the same socket,
 * config and state), its output discarded, and nothing tying its life to the console.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AGENT_NODE_OPTIONS } from '../../src/runtime/agent-node-options.js';

export interface AgentLauncher {
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
}

/**
 * The built binary beside this module (dist/tui/… → dist/src/bin.js), started with the
 * agent's Node.js options as the systemd units start it (src/runtime/agent-node-options.ts).
 */
export function defaultAgentLauncher(env: NodeJS.ProcessEnv = process.env): AgentLauncher {
  const bin = fileURLToPath(new URL('../../src/bin.js', import.meta.url));
  return { command: process.execPath, args: [...AGENT_NODE_OPTIONS, bin, 'agent'], env };
}

/** Spawns the agent detached; resolves with its pid once the spawn itself succeeded. */
export function launchAgent(launcher: AgentLauncher): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(launcher.command, [...launcher.args], { env: launcher.env, detached: true, stdio: 'ignore' });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve(child.pid ?? -1);
    });
  });
}
