/**
 * Test-side handle on graph-client-driver.mjs: spawns it with the lab CA trusted through
 * NODE_EXTRA_CA_CERTS (verification stays on), sends commands over stdin and awaits the
 * answers. Also builds the app configuration the driver needs from a running lab.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { RunningLab } from '../../../fixtures/lab/lab.js';

const DRIVER = fileURLToPath(new URL('./graph-client-driver.mjs', import.meta.url));

export interface DriverApp {
  authorityHost: string;
  tenant: string;
  clientId: string;
  clientSecret?: string;
  certificate?: { thumbprintSha256: string; keyPem: string; certPem: string };
  authorityMetadata?: Record<string, unknown>;
  graphBaseUrl: string;
  scope?: string;
}

export type DriverAnswer<T> =
  | { ok: true; result: T }
  | { ok: false; error: DriverError };

export interface DriverError {
  kind: 'graph' | 'msal' | 'other';
  name?: string;
  message?: string;
  /** msal: OAuth error value, e.g. invalid_client. */
  errorCode?: string;
  /** msal: first AADSTS number. */
  errorNo?: string | number;
  status?: number;
  /** graph: HTTP status, Graph error code, request id, response headers. */
  statusCode?: number;
  code?: string;
  requestId?: string;
  headers?: Record<string, string>;
}

/** App settings for the driver from the lab's first app registration. */
export function labApp(lab: RunningLab, credential: 'secret' | 'certificate' = 'secret'): DriverApp {
  const ctx = lab.context;
  const app = ctx.apps[0];
  if (app === undefined) throw new Error('the lab has no app registration');
  const base = { authorityHost: ctx.urls.authorityHost, tenant: ctx.tenantId, clientId: app.clientId, graphBaseUrl: ctx.urls.graphBaseUrl };
  if (credential === 'secret') return { ...base, clientSecret: app.clientSecret };
  if (app.certificate === null) throw new Error('the lab app has no certificate');
  return { ...base, certificate: { thumbprintSha256: app.certificate.thumbprintSha256, keyPem: app.certificate.keyPem, certPem: app.certificate.certPem } };
}

export class ClientDriver {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting = new Map<number, (answer: DriverAnswer<unknown>) => void>();
  private nextId = 1;
  private stderr = '';

  constructor(caFile: string) {
    this.child = spawn(process.execPath, [DRIVER], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, NODE_NO_WARNINGS: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr.on('data', (chunk: Buffer) => { this.stderr += chunk.toString(); });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const answer = JSON.parse(line) as DriverAnswer<unknown> & { id: number };
      this.waiting.get(answer.id)?.(answer);
      this.waiting.delete(answer.id);
    });
    this.child.on('exit', (code) => {
      for (const resolve of this.waiting.values()) {
        resolve({ ok: false, error: { kind: 'other', message: `driver exited with ${code}: ${this.stderr}` } });
      }
      this.waiting.clear();
    });
  }

  call<T>(cmd: string, args: Record<string, unknown>): Promise<DriverAnswer<T>> {
    const id = this.nextId++;
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return Promise.resolve({ ok: false, error: { kind: 'other', message: `driver is not running: ${this.stderr}` } });
    }
    return new Promise((resolve) => {
      this.waiting.set(id, resolve as (answer: DriverAnswer<unknown>) => void);
      this.child.stdin.write(`${JSON.stringify({ id, cmd, ...args })}\n`);
    });
  }

  /** Like call, but fails the test with the driver's error when the command failed. */
  async expectOk<T>(cmd: string, args: Record<string, unknown>): Promise<T> {
    const answer = await this.call<T>(cmd, args);
    if (!answer.ok) throw new Error(`${cmd} failed: ${JSON.stringify(answer.error)}`);
    return answer.result;
  }

  /** Like call, but expects a failure and returns it. */
  async expectError(cmd: string, args: Record<string, unknown>): Promise<DriverError> {
    const answer = await this.call(cmd, args);
    if (answer.ok) throw new Error(`${cmd} unexpectedly succeeded: ${JSON.stringify(answer.result).slice(0, 500)}`);
    return answer.error;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.stdin.end();
      this.child.kill('SIGTERM');
    });
  }
}
