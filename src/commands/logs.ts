/**
 * `mailbridge logs [--follow] [--level L] [--lines N] [--since CURSOR] [--json]`: the
 * agent's own log, headless (issue #6 follow-up) — what the console's Sync & logs screen
 * shows. From the running agent (`agent.logs`, then `log.record` notifications on topic
 * `logs` with --follow); when no agent answers, the tail of the log file the last agent
 * left in the state directory, saying so on stderr. Every line was scrubbed of secrets by
 * the agent before it was kept or written (AG-5).
 *
 * --json prints one document (`mailbridge.logs/v1`), as the CLI contract wants of every
 * --json; so it does not combine with --follow — a script polls with --since instead.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { logRecordFromLine, type UncursoredLogRecord } from '../../agent/logging/log-record.js';
import { agentLogFile, tailLog } from '../../agent/logging/rotating-log-file.js';
import { ExitCode } from '../cli/exit-codes.js';
import { stateDir, type Env } from '../paths.js';
import { AgentNotRunningError, AgentRequestError } from '../protocol/agent-errors.js';
import type { AgentClient } from '../protocol/agent-client.js';
import { connectAgent } from '../protocol/connect-agent.js';
import { RpcErrorCode } from '../protocol/error-codes.js';
import { LOG_FILTER_LEVELS, MAX_LOGS_LIMIT, passesLevel, type LogFilterLevel, type LogRecord } from '../protocol/schemas/log-schemas.js';

export const LOGS_SCHEMA = 'mailbridge.logs/v1';
const DEFAULT_LINES = 100;

interface LogsOptions {
  follow?: boolean;
  level?: LogFilterLevel;
  lines: number;
  since?: number;
  json?: boolean;
}

type ShownRecord = UncursoredLogRecord & { cursor?: number };

function wholeNumber(flag: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`${flag} takes a whole number from ${min} to ${max}.`);
    return n;
  };
}

/** One line of text: time, level, profile and module when present, message, then the other fields as JSON. */
export function formatLogLine(record: ShownRecord): string {
  const where = [record.profile, record.module].filter((s): s is string => s !== undefined).join(' ');
  const fields = record.fields ? ` ${JSON.stringify(record.fields)}` : '';
  return `${record.time} ${record.level.toUpperCase().padEnd(5)} ${where ? `[${where}] ` : ''}${record.msg}${fields}`;
}

function print(records: readonly ShownRecord[]): void {
  if (records.length > 0) process.stdout.write(`${records.map(formatLogLine).join('\n')}\n`);
}

/** Whether the agent answering cannot serve its log (an older agent, or one without the ring). */
function cannotServeLogs(error: unknown): boolean {
  return error instanceof AgentRequestError && (error.rpcCode === RpcErrorCode.MethodNotFound || error.code === 'MB_LOGS_UNAVAILABLE');
}

/** The last `lines` records at `level` or above from the log file; undefined when there is no file. */
export function readLogFile(env: Env, options: { level?: LogFilterLevel; lines: number }): { file: string; records: UncursoredLogRecord[] } | undefined {
  const dir = stateDir(env);
  const all = tailLog(dir, Number.MAX_SAFE_INTEGER);
  const file = agentLogFile(dir);
  if (all.length === 0) return undefined;
  const records = all.map(logRecordFromLine).filter((r) => passesLevel(r.level, options.level));
  return { file, records: records.slice(-options.lines) };
}

function fromFile(options: LogsOptions, reason: string): number {
  const read = readLogFile(process.env, options);
  const file = agentLogFile(stateDir(process.env));
  if (!read) {
    process.stderr.write(`${reason}, and there is no log file at ${file} (no agent has run with this state directory).\n`);
    if (options.json) process.stdout.write(`${JSON.stringify({ schema: LOGS_SCHEMA, source: 'none', file, records: [] })}\n`);
    return ExitCode.Failed;
  }
  process.stderr.write(`${reason}: showing the last ${read.records.length} line(s) of ${read.file}, written by the last agent that ran.\n`);
  // Cursors number a running agent's records; the file has none.
  if (options.since !== undefined) process.stderr.write('--since is ignored: cursors belong to a running agent, and the file has none.\n');
  if (options.json) process.stdout.write(`${JSON.stringify({ schema: LOGS_SCHEMA, source: 'file', file: read.file, records: read.records })}\n`);
  else print(read.records);
  if (options.follow) {
    process.stderr.write('Not following: --follow needs a running agent (start one with `mailbridge agent` or the systemd unit).\n');
    return ExitCode.Failed;
  }
  return ExitCode.Ok;
}

function query(options: LogsOptions, since: number | undefined): { limit: number; level?: LogFilterLevel; since?: number } {
  return { limit: options.lines, ...(options.level ? { level: options.level } : {}), ...(since !== undefined ? { since } : {}) };
}

async function follow(client: AgentClient, options: LogsOptions): Promise<number> {
  // Subscribe before reading the backlog, so nothing logged in between is lost; the cursor drops repeats.
  const early: LogRecord[] = [];
  let printed: number | undefined;
  const show = (record: LogRecord): void => {
    if (printed !== undefined && record.cursor <= printed) return;
    printed = record.cursor;
    if (passesLevel(record.level, options.level)) print([record]);
  };
  const subscription = await client.subscribe((n) => {
    if (n.method !== 'log.record') return;
    const record = n.params.data as LogRecord;
    if (printed === undefined) early.push(record);
    else show(record);
  }, ['logs']);
  let page = await client.call('agent.logs', query(options, options.since));
  print(page.records);
  while (page.more) {
    page = await client.call('agent.logs', query(options, page.cursor));
    print(page.records);
  }
  printed = page.cursor;
  for (const record of early.splice(0)) show(record);
  return new Promise<number>((resolve) => {
    const stop = (): void => {
      subscription.close();
      client.close();
      resolve(ExitCode.Ok);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    client.onClose(() => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      process.stderr.write('The agent closed the connection (it stopped); no more lines.\n');
      resolve(ExitCode.Failed);
    });
  });
}

async function fromAgent(client: AgentClient, options: LogsOptions): Promise<number> {
  if (options.follow) return follow(client, options);
  const page = await client.call('agent.logs', query(options, options.since));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ schema: LOGS_SCHEMA, source: 'agent', cursor: page.cursor, more: page.more, missed: page.missed, agentLevel: page.agentLevel, records: page.records })}\n`);
  } else {
    if (page.missed > 0) process.stderr.write(`${page.missed} line(s) after cursor ${options.since} are no longer kept by the agent (it keeps the last ${page.capacity}); the log file has them.\n`);
    print(page.records);
  }
  return ExitCode.Ok;
}

async function runLogs(options: LogsOptions): Promise<number> {
  let client: AgentClient;
  try {
    client = await connectAgent({ timeoutMs: 10_000 });
  } catch (error) {
    if (error instanceof AgentNotRunningError) return fromFile(options, `No agent answers on ${error.socketPath}`);
    throw error;
  }
  try {
    return await fromAgent(client, options);
  } catch (error) {
    if (!cannotServeLogs(error)) throw error;
    return fromFile(options, 'The running agent serves no log records (an older or embedded agent)');
  } finally {
    client.close();
  }
}

export function register(program: Command): void {
  program
    .command('logs')
    .description("print the agent's recent log lines (secrets scrubbed); from logs/agent.log in the state directory when no agent runs")
    .addOption(new Option('-f, --follow', 'keep printing lines as the agent logs them, until Ctrl-C').conflicts('json'))
    .addOption(new Option('--level <level>', 'the lowest level shown').choices(LOG_FILTER_LEVELS))
    .option('-n, --lines <n>', `how many recent lines (1..${MAX_LOGS_LIMIT})`, wholeNumber('--lines', 1, MAX_LOGS_LIMIT), DEFAULT_LINES)
    .option('--since <cursor>', 'only lines after this cursor (the "cursor" of an earlier --json answer)', wholeNumber('--since', 0, Number.MAX_SAFE_INTEGER))
    .option('--json', `one JSON document (${LOGS_SCHEMA}) on stdout`)
    .addHelpText('after', `
Examples:
  mailbridge logs                        # the last 100 lines
  mailbridge logs --follow --level warn  # warnings and errors as they happen
  mailbridge logs --json --since 4711    # what came after cursor 4711, for a script

The agent keeps its last 1000 records in memory (at its own --log-level); older lines
are in logs/agent.log in the state directory and in journald.`)
    .action(async (options: LogsOptions) => {
      process.exitCode = await runLogs(options);
    });
}
