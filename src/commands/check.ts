/**
 * `mailbridge check [PROFILE] [--server HOST] [--https-port N] [--ports LIST] [--ca-file PEM]
 * [--user U] [--password-stdin] [--timeout-ms N] [--impersonation-sample N] [--strict] [--json|--format F]` — the
 * connectivity checks (architecture.md "Contracts", AG-2, AG-4). Through the agent when one
 * runs (checks.run, then checks.report: the agent reads the profile's secrets from its own
 * store), else in-process with the same plan and the local secret store — the same report
 * either way. An ad-hoc password (--password-stdin or MAILBRIDGE_PASSWORD, never argv)
 * never leaves this process: with --user the run is in-process. Exit codes: 0 nothing
 * failed (warnings allowed unless --strict), 1 something failed, 2 usage, 3 internal.
 * With --json stdout holds exactly one JSON document.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { checkPlan } from '../../agent/checks/check-plan.js';
import { readCaFile } from '../../agent/checks/ca-file.js';
import { runChecks } from '../../agent/checks/runner.js';
import type { SecretStore } from '../../agent/secrets/secret-store.js';
import type { CheckReport } from '../checks/check-report.js';
import type { ChecksRunParams } from '../checks/check-run-schemas.js';
import { stateDir } from '../paths.js';
import { AgentNotRunningError } from '../protocol/agent-errors.js';
import { connectAgent } from '../protocol/connect-agent.js';
import { readSecretFromStdin } from './profile-access/read-secret-input.js';
import { isReportFormat, renderReport, REPORT_FORMATS, type ReportFormat } from '../checks/render-report.js';
import { reportExitCode } from '../checks/report-verdict.js';
import { OperatorError } from '../errors/operator-error.js';
import type { Profile } from '../profiles/profile-schema.js';
import { withProfileAccess } from './profile-access/profile-access.js';

interface CheckFlags {
  server?: string;
  httpsPort?: string;
  ports?: string;
  caFile?: string;
  user?: string;
  passwordStdin?: boolean;
  timeoutMs?: string;
  impersonationSample?: string;
  strict?: boolean;
  json?: boolean;
  format?: string;
}

function usage(field: string, message: string, fix: string): OperatorError {
  return new OperatorError({ code: 'MB_CHECK_BAD_FLAG', family: 'config', message, cause: `The value of ${field} is not usable.`, fix: [fix], field, exitCode: 2 });
}

function parsePort(flag: string, value: string): number {
  const port = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || port < 1 || port > 65535) throw usage(flag, `${flag}: "${value}" is not a TCP port`, `Give a number from 1 to 65535, e.g. ${flag} 443.`);
  return port;
}

function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 100 || ms > 600_000) throw usage('--timeout-ms', `--timeout-ms: "${value}" is not between 100 and 600000`, 'Give the per-check time-out in milliseconds, e.g. --timeout-ms 10000.');
  return ms;
}

/** How many enabled mailboxes auth.impersonation tries; the check's own default (5) when the flag is absent. */
function parseImpersonationSample(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 100) {
    throw usage('--impersonation-sample', `--impersonation-sample: "${value}" is not a whole number from 1 to 100`, 'Give how many enabled staff mailboxes auth.impersonation should try, e.g. --impersonation-sample 20 (default 5).');
  }
  return n;
}

function chooseFormat(flags: CheckFlags): ReportFormat {
  if (flags.json) return 'json';
  const format = flags.format ?? 'text';
  if (!isReportFormat(format)) throw usage('--format', `--format: "${format}" is not a report format`, `Use one of ${REPORT_FORMATS.join(', ')}.`);
  return format;
}

async function loadProfile(name: string | undefined): Promise<{ profile: Profile; others: Profile[] } | undefined> {
  return withProfileAccess(async (access) => {
    const list = await access.list();
    const chosen = name ?? list.default;
    if (chosen === undefined) return undefined;
    const profile = await access.get(chosen);
    const others = await Promise.all(list.profiles.filter((p) => p.name !== chosen).map((p) => access.get(p.name)));
    return { profile, others };
  });
}

export function register(program: Command): void {
  program
    .command('check [profile]')
    .description('run the connectivity checks (DNS, ports, TLS, EWS/OWA/EAS, Autodiscover, credentials, impersonation; Entra and Graph for online profiles) for a profile or an ad-hoc --server')
    .option('--server <host>', 'check this server instead of a saved profile')
    .option('--https-port <n>', 'the HTTPS port, when not 443')
    .option('--ports <list>', 'extra ports that must be open, comma-separated (e.g. 80,443,2610)')
    .option('--ca-file <pem>', 'trust this CA file besides the system store (an internal CA)')
    .option('--user <user>', 'the sync account (credential checks)')
    .option('--password-stdin', 'read the sync account password from stdin (never argv)')
    .option('--timeout-ms <n>', 'per-check time-out in milliseconds (default 10000)')
    .option('--impersonation-sample <n>', 'how many enabled staff mailboxes auth.impersonation tries, 1..100 (default 5)')
    .option('--strict', 'a warning counts as a failure (exit 1)')
    .option('--json', 'print the report as one JSON document (same as --format json)')
    .option('--format <format>', `report format: ${REPORT_FORMATS.join('|')}`)
    .action(async (profileName: string | undefined, flags: CheckFlags) => {
      const format = chooseFormat(flags);
      const timeoutMs = parseTimeout(flags.timeoutMs);
      const impersonationSample = parseImpersonationSample(flags.impersonationSample);
      const httpsPort = flags.httpsPort === undefined ? undefined : parsePort('--https-port', flags.httpsPort);
      const ports = flags.ports === undefined ? [] : flags.ports.split(',').filter((p) => p.trim() !== '').map((p) => parsePort('--ports', p));
      if (profileName !== undefined && flags.server !== undefined) {
        throw usage('--server', 'give either a profile name or --server, not both', 'Drop one: `mailbridge check PROFILE` or `mailbridge check --server HOST`.');
      }
      if (flags.passwordStdin && flags.user === undefined) {
        throw usage('--password-stdin', '--password-stdin needs --user', 'Name the sync account: `mailbridge check --server HOST --user DOMAIN\\\\user --password-stdin`.');
      }
      const password = flags.passwordStdin ? await readSecretFromStdin('password: ') : process.env.MAILBRIDGE_PASSWORD;
      const params: ChecksRunParams = {
        ...(profileName !== undefined ? { profile: profileName } : {}),
        ...(flags.server !== undefined ? { server: flags.server } : {}),
        ...(httpsPort !== undefined ? { httpsPort } : {}),
        ...(ports.length ? { ports } : {}),
        ...(flags.caFile !== undefined ? { caFile: path.resolve(flags.caFile) } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(impersonationSample !== undefined ? { impersonationSample } : {}),
      };
      const report = (flags.user === undefined ? await viaAgent(params) : undefined)
        ?? await inProcess(params, flags.user !== undefined ? { user: flags.user, ...(password !== undefined ? { password } : {}) } : {});
      process.stdout.write(renderReport(report, format, { strict: flags.strict === true }));
      process.exitCode = reportExitCode(report, flags.strict === true);
    });
}

/** SIGINT cancels the run (pending checks are skipped as cancelled) instead of killing the process mid-report. */
async function withCancel<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const cancel = new AbortController();
  const onSigint = (): void => cancel.abort();
  process.once('SIGINT', onSigint);
  try {
    return await run(cancel.signal);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** The agent's run (its profiles, its secret store); undefined when no agent runs. */
async function viaAgent(params: ChecksRunParams): Promise<CheckReport | undefined> {
  let client;
  try {
    // A full run may take several per-check time-outs; checks.report waits for its end.
    client = await connectAgent({ timeoutMs: 600_000 });
  } catch (error) {
    if (error instanceof AgentNotRunningError) return undefined;
    throw error;
  }
  try {
    const { runId } = await client.call('checks.run', params);
    return await withCancel(async (signal) => {
      signal.addEventListener('abort', () => void client.call('checks.cancel', { runId }).catch(() => undefined), { once: true });
      return client.call('checks.report', { runId });
    });
  } finally {
    client.close();
  }
}

/** No agent (or ad-hoc credentials): the same plan in this process, with the local secret store opened on first use. */
async function inProcess(params: ChecksRunParams, adHoc: { user?: string; password?: string }): Promise<CheckReport> {
  const loaded = params.server === undefined ? await loadProfile(params.profile) : undefined;
  const caPath = params.caFile ?? loaded?.profile.tls.caFile;
  const caFile = caPath ? readCaFile(caPath, params.caFile ? '--ca-file' : 'tls.caFile') : undefined;
  let store: Promise<SecretStore> | undefined;
  const secrets = {
    get: async (ref: { profile: string; field: string }) => {
      const { openSecretStore } = await import('../../agent/secrets/open-secret-store.js');
      store ??= openSecretStore({ stateDir: stateDir(), env: process.env });
      return (await store).get(ref);
    },
  };
  const plan = checkPlan({
    ...(loaded ? { profile: loaded.profile, otherProfiles: loaded.others } : {}),
    ...(params.server !== undefined ? { server: params.server } : {}),
    ...(params.httpsPort !== undefined ? { httpsPort: params.httpsPort } : {}),
    ports: params.ports ?? [],
    ...(caFile ? { caFile } : {}),
    ...(params.timeoutMs !== undefined ? { timeoutMs: params.timeoutMs } : {}),
    ...(params.impersonationSample !== undefined ? { impersonationSample: params.impersonationSample } : {}),
    secrets,
    ...adHoc,
  });
  try {
    return await withCancel((signal) => runChecks(plan.definitions, { target: plan.target, signal, ...(params.timeoutMs !== undefined ? { timeoutMs: params.timeoutMs } : {}) }));
  } finally {
    if (store) await (await store).close();
  }
}

