/**
 * `mailbridge lab --json` as an operator or a script runs it (#3): the built CLI as a real
 * child process prints exactly one contract line when ready (the time to that line is
 * measured and printed, not asserted: the machine may be loaded), the profiles it writes
 * import with `mailbridge profile import` and their secrets go in with `secrets set`,
 * a bad --fault is a usage error, and SIGTERM stops it cleanly (exit 0, ports closed,
 * temp files removed).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LabDocument } from '../../fixtures/lab/lab-document.js';
import { assertBuilt, BIN, runCli } from '../kit/built-cli.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

let temp: TempEnv | undefined;
let child: ChildProcessWithoutNullStreams | undefined;

beforeAll(() => assertBuilt());
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  temp?.cleanup();
});

/** CPU time (user + system, all threads) a Linux process has used so far, in ms; null elsewhere. */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms (USER_HZ 100)
  } catch {
    return null;
  }
}

function startCli(args: string[], env: Record<string, string>): Promise<{ doc: LabDocument; line: string; readyMs: number; readyCpuMs: number | null }> {
  const started = performance.now();
  child = spawn(process.execPath, [BIN, 'lab', '--json', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child?.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child?.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        const line = out.slice(0, nl);
        resolve({ doc: JSON.parse(line) as LabDocument, line, readyMs: performance.now() - started, readyCpuMs: cpuMs(child?.pid) });
      }
    });
    child?.on('exit', (code) => reject(new Error(`lab exited with ${code} before it was ready: ${err}`)));
  });
}

function exitOf(p: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (p.exitCode !== null) resolve({ code: p.exitCode, signal: null });
    else p.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

describe('mailbridge lab --json', () => {
  it('prints the contract line when ready, its profiles import, and SIGTERM stops it cleanly', async () => {
    temp = createTempEnv();
    const { doc, line, readyMs, readyCpuMs } = await startCli([], temp.env);
    console.log(`mailbridge lab --json: contract line after ${Math.round(readyMs)} ms wall, ${readyCpuMs ?? '?'} ms CPU (target < 2000 ms with default data)`);
    expect(line.startsWith('{"schema":"mailbridge.lab/v1","ews":{"url":"https://localhost:')).toBe(true);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['schema', 'ews', 'graph', 'caFile', 'accounts', 'apps', 'mailboxes', 'sharedMailboxes', 'profiles', 'control']));
    expect(await connects(doc.ews.httpsPort)).toBe(true);
    expect(await connects(doc.ews.httpPort)).toBe(true);

    for (const profile of doc.profiles) {
      const imported = await runCli(['profile', 'import', profile.file], { env: temp.env });
      expect(imported.code, imported.stderr).toBe(0);
      for (const [field, value] of Object.entries(profile.secrets)) {
        const set = await runCli(['secrets', 'set', profile.name, field, '--stdin'], { env: temp.env, stdin: `${value}\n` });
        expect(set.code, set.stderr).toBe(0);
      }
    }

    child!.kill('SIGTERM');
    const exit = await exitOf(child!);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await connects(doc.ews.httpsPort)).toBe(false);
    expect(await connects(Number(new URL(doc.control).port))).toBe(false);
    expect(existsSync(doc.caFile)).toBe(false);
  });

  it('takes faults at start and pinned ports', async () => {
    temp = createTempEnv();
    const probe = net.createServer();
    const free = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as net.AddressInfo).port)));
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const { doc } = await startCli(['--fault', 'port-443-closed', '--fault', 'http-no-redirect', '--http-port', String(free)], temp.env);
    expect(doc.faults).toEqual(['port-443-closed', 'http-no-redirect']);
    expect(doc.ews.httpPort).toBe(free);
    expect(await connects(doc.ews.httpsPort)).toBe(false);
    expect(await connects(doc.ews.altHttpsPort)).toBe(true);
    child!.kill('SIGINT');
    expect((await exitOf(child!)).code).toBe(0);
  });

  it('refuses an unknown fault with a usage error naming the valid ones', async () => {
    temp = createTempEnv();
    const result = await runCli(['lab', '--fault', 'tls-broken'], { env: temp.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"tls-broken" is not a lab fault switch');
    expect(result.stderr).toContain('tls-self-signed');
  });
});
