/**
 * Test helper: runs ews-client-runner.mjs (the real ews-javascript-api) in a child process
 * that trusts the lab CA through NODE_EXTRA_CA_CERTS, with the job on stdin.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('./ews-client-runner.mjs', import.meta.url));

export interface EwsJob {
  url: string;
  auth: { mode: 'basic' | 'ntlm'; user: string; password: string };
  impersonate?: string;
  steps: Array<{ scenario: string } & Record<string, unknown>>;
}

export interface EwsError {
  kind: string;
  code: string | null;
  httpStatus?: number | null;
  message: string | null;
  details?: Record<string, number>;
}

export type StepResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: EwsError };

export async function runEwsClient(job: EwsJob, caFile: string): Promise<StepResult[]> {
  const child = spawn(process.execPath, [RUNNER], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
  child.stdin.end(JSON.stringify(job));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('[')) throw new Error(`EWS client runner failed (exit ${code}): ${err || out}`);
  return JSON.parse(line) as StepResult[];
}

/** The value of a step that must have succeeded (fails the test with the client's error otherwise). */
export function value<T = Record<string, unknown>>(result: StepResult | undefined): T {
  if (!result) throw new Error('no result for this step');
  if (!result.ok) throw new Error(`EWS step failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

export function failure(result: StepResult | undefined): EwsError {
  if (!result) throw new Error('no result for this step');
  if (result.ok) throw new Error(`EWS step unexpectedly succeeded: ${JSON.stringify(result.value)}`);
  return result.error;
}
