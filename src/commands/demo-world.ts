/**
 * The world `mailbridge demo` runs in: the lab (fake Exchange on-prem, Entra and Graph on
 * loopback), an agent in this process with its own temporary config, state and socket,
 * and the two demo profiles — `demo-onprem` and `demo-online` — imported from the lab's
 * profile files with their secrets. Everything goes away again with `close()`.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAgentLogger } from '../../agent/agent-logger.js';
import { startAgent } from '../../agent/agent.js';
import { withAgent } from '../protocol/index.js';

export interface DemoWorld {
  socketPath: string;
  env: NodeJS.ProcessEnv;
  root: string;
  controlUrl: string;
  close(): Promise<void>;
}

export interface DemoOptions {
  faults?: readonly string[];
  /** Write the lab's contract document here (control URL, ports) for scripts and tests. */
  labDocumentFile?: string;
}

/** Lab profile name → demo profile name. */
const DEMO_NAMES: Readonly<Record<string, string>> = { 'lab-onprem': 'demo-onprem', 'lab-online': 'demo-online' };

export async function startDemoWorld(options: DemoOptions = {}): Promise<DemoWorld> {
  // A short root: Unix socket paths are limited to ~107 bytes.
  const root = mkdtempSync(path.join(os.tmpdir(), 'mb-demo-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MAILBRIDGE_CONFIG_DIR: path.join(root, 'config'),
    MAILBRIDGE_STATE_DIR: path.join(root, 'state'),
    MAILBRIDGE_SOCKET: path.join(root, 'run', 'agent.sock'),
    // The demo's secrets stay in its own vault, never in the operator's keyring.
    MAILBRIDGE_SECRET_BACKEND: 'vault',
  };
  const cleanups: Array<() => Promise<void> | void> = [() => rmSync(root, { recursive: true, force: true })];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    // Lab and agent do not depend on each other: start both at once (the 3-second promise of the demo).
    const { startLab } = await import('../../fixtures/lab/lab.js');
    const log = createAgentLogger(env, createWriteStream(path.join(root, 'agent.log')));
    const [labResult, agentResult] = await Promise.allSettled([startLab({ faults: options.faults ?? [], mailboxes: 3, items: 30 }), startAgent(env, log)]);
    if (labResult.status === 'fulfilled') cleanups.push(() => labResult.value.stop());
    if (agentResult.status === 'fulfilled') cleanups.push(() => agentResult.value.close('demo ended'));
    if (labResult.status === 'rejected') throw labResult.reason;
    if (agentResult.status === 'rejected') throw agentResult.reason;
    const lab = labResult.value;
    const agent = agentResult.value;
    if (options.labDocumentFile) writeFileSync(options.labDocumentFile, `${JSON.stringify(lab.document)}\n`, { mode: 0o600 });
    await withAgent(async (client) => {
      for (const entry of lab.document.profiles) {
        const name = DEMO_NAMES[entry.name] ?? entry.name;
        const profile = { ...JSON.parse(readFileSync(entry.file, 'utf8')), name, default: name === 'demo-onprem' };
        await client.call('profiles.put', { profile });
        for (const [field, value] of Object.entries(entry.secrets)) await client.call('secrets.set', { profile: name, field, value });
      }
    }, { socketPath: agent.socketPath });
    return { socketPath: agent.socketPath, env, root, controlUrl: lab.document.control, close };
  } catch (error) {
    await close();
    throw error;
  }
}
