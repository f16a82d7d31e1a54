/**
 * One device code sign-in, run as `mailbridge signin PROFILE --user USER` in a child
 * process with the console's environment (same config, state and secret store as the
 * agent): the console has no sign-in method on the agent's protocol, and the CLI command
 * is the one place the flow lives. The child's output is read for the prompt and the
 * outcome; the sign-in itself (token cache) goes from the child straight to the secret
 * store and never passes through the console. Cancelling ends the child.
 */
import { spawn } from 'node:child_process';
import type { AgentLauncher } from '../state/agent-launcher.js';
import { cliInvocation } from '../state/launcher-context.js';
import { parseDevicePrompt, parseSignedIn, parseSigninFailure, type DevicePrompt, type SigninFailure } from './signin-output.js';

export interface SigninHandlers {
  onPrompt(prompt: DevicePrompt): void;
  onSignedIn(username: string): void;
  onFailed(failure: SigninFailure): void;
}

export interface SigninRun {
  cancel(): void;
}

export function startSignin(launcher: AgentLauncher, profile: string, user: string, handlers: SigninHandlers): SigninRun {
  const call = cliInvocation(launcher, ['signin', profile, '--user', user]);
  const child = spawn(call.command, call.args, { env: call.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let prompted = false;
  let cancelled = false;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    if (prompted) return;
    const prompt = parseDevicePrompt(stderr);
    if (prompt) {
      prompted = true;
      handlers.onPrompt(prompt);
    }
  });
  child.once('error', (error) => {
    if (!cancelled) handlers.onFailed({ message: `could not start mailbridge signin: ${error.message}`, fix: ['Run `mailbridge signin PROFILE --user ADDRESS` in a shell to see why.'], diagnosable: error.message });
  });
  child.once('close', (code) => {
    if (cancelled) return;
    const username = code === 0 ? parseSignedIn(stdout) : undefined;
    if (username) handlers.onSignedIn(username);
    else handlers.onFailed(parseSigninFailure(stderr, code));
  });
  return {
    cancel() {
      if (cancelled) return;
      cancelled = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}
