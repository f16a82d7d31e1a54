/**
 * What `mailbridge report` gathers for a support ticket (issue #8; like `tailscale
 * bugreport`, minus any upload): versions, paths, the agent's status (when one runs),
 * the profiles, the recent check reports (store table check_reports), the sync history
 * (sync_runs) and the tail of the agent's log file — all redacted (redact-document.ts).
 * The store is opened read-only, so this works beside a running agent and after a dead one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { configDir, socketPath, stateDir, type Env } from '../paths.js';
import { MAILBRIDGE_VERSION, PROTOCOL_VERSION } from '../version.js';
import { redactDocument, redactLogLine } from './redact-document.js';

export const REPORT_SCHEMA = 'mailbridge.report/v1';
const STORE_FILE = 'mailbridge.db';
const LOG_FILE = path.join('logs', 'agent.log');

export interface ReportSources {
  env: Env;
  /** agent.status from a running agent, or why none answered. */
  agentStatus: () => Promise<unknown>;
  /** The profiles (through the agent or locally). */
  profiles: () => Promise<unknown[]>;
  logLines: number;
}

function safely<T>(read: () => T): T | { unavailable: string } {
  try {
    return read();
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  }
}

async function safelyAsync(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return await read();
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  }
}

function readStoreRows(dbFile: string): { checkReports: unknown; syncRuns: unknown } {
  if (!fs.existsSync(dbFile)) return { checkReports: { unavailable: `no store at ${dbFile}` }, syncRuns: { unavailable: `no store at ${dbFile}` } };
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const parse = <R extends { report?: string; summary?: string | null }>(rows: R[]) =>
      rows.map((r) => ({ ...r, ...(r.report !== undefined ? { report: JSON.parse(r.report) as unknown } : {}), ...(typeof r.summary === 'string' ? { summary: JSON.parse(r.summary) as unknown } : {}) }));
    return {
      checkReports: safely(() => parse(db.prepare('SELECT profile, started_at, finished_at, outcome, report FROM check_reports ORDER BY id DESC LIMIT 20').all() as Array<{ report: string }>)),
      syncRuns: safely(() => parse(db.prepare('SELECT id, profile, started_at, finished_at, full, outcome, summary FROM sync_runs ORDER BY started_at DESC LIMIT 50').all() as Array<{ summary: string | null }>)),
    };
  } finally {
    db.close();
  }
}

function tail(file: string, lines: number): string[] {
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.length > 0) : []);
  const current = read(file);
  return (current.length >= lines ? current : [...read(`${file}.1`), ...current]).slice(-lines);
}

export async function collectReport(sources: ReportSources): Promise<Record<string, unknown>> {
  const dirs = { configDir: configDir(sources.env), stateDir: stateDir(sources.env), socketPath: socketPath(sources.env) };
  const store = safely(() => readStoreRows(path.join(dirs.stateDir, STORE_FILE)));
  const document = {
    schema: REPORT_SCHEMA,
    createdAt: new Date().toISOString(),
    versions: { mailbridge: MAILBRIDGE_VERSION, protocol: PROTOCOL_VERSION, node: process.version, platform: process.platform, arch: process.arch, osRelease: os.release() },
    paths: dirs,
    service: { systemd: sources.env.INVOCATION_ID !== undefined, notifySocket: sources.env.NOTIFY_SOCKET !== undefined },
    agent: await safelyAsync(sources.agentStatus),
    profiles: await safelyAsync(sources.profiles),
    checkReports: 'checkReports' in store ? store.checkReports : store,
    syncRuns: 'syncRuns' in store ? store.syncRuns : store,
    logTail: safely(() => tail(path.join(dirs.stateDir, LOG_FILE), sources.logLines).map((line) => redactLogLine(line))),
  };
  return redactDocument(document);
}
