/**
 * `mailbridge check [PROFILE] [--server HOST] [--https-port N] [--ports LIST] [--ca-file PEM]
 * [--user U] [--password-stdin] [--timeout-ms N] [--strict] [--json|--format F]` — the
 * connectivity checks (architecture.md "Contracts", AG-2, AG-4). Runs in-process; the
 * agent route (checks.run + run.progress) is the protocol's to add. Exit codes: 0 nothing
 * failed (warnings allowed unless --strict), 1 something failed, 2 usage, 3 internal.
 * With --json stdout holds exactly one JSON document.
 */
import type { Command } from 'commander';
import { checkPlan } from '../../agent/checks/check-plan.js';
import { readCaFile } from '../../agent/checks/ca-file.js';
import { runChecks } from '../../agent/checks/runner.js';
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
    .description('run the connectivity checks (DNS, ports 80/443/2610, TLS) for a profile or an ad-hoc --server')
    .option('--server <host>', 'check this server instead of a saved profile')
    .option('--https-port <n>', 'the HTTPS port, when not 443')
    .option('--ports <list>', 'extra ports that must be open, comma-separated (e.g. 80,443,2610)')
    .option('--ca-file <pem>', 'trust this CA file besides the system store (an internal CA)')
    .option('--user <user>', 'the sync account (credential checks)')
    .option('--password-stdin', 'read the sync account password from stdin (never argv)')
    .option('--timeout-ms <n>', 'per-check time-out in milliseconds (default 10000)')
    .option('--strict', 'a warning counts as a failure (exit 1)')
    .option('--json', 'print the report as one JSON document (same as --format json)')
    .option('--format <format>', `report format: ${REPORT_FORMATS.join('|')}`)
    .action(async (profileName: string | undefined, flags: CheckFlags) => {
      const format = chooseFormat(flags);
      const timeoutMs = parseTimeout(flags.timeoutMs);
      const httpsPort = flags.httpsPort === undefined ? undefined : parsePort('--https-port', flags.httpsPort);
      const ports = flags.ports === undefined ? [] : flags.ports.split(',').filter((p) => p.trim() !== '').map((p) => parsePort('--ports', p));
      if (profileName !== undefined && flags.server !== undefined) {
        throw usage('--server', 'give either a profile name or --server, not both', 'Drop one: `mailbridge check PROFILE` or `mailbridge check --server HOST`.');
      }
      if (flags.user !== undefined || flags.passwordStdin) {
        process.stderr.write('note: credential checks (auth.credentials) are not part of this build; --user/--password-stdin are ignored and nothing is read from stdin.\n');
      }
      const loaded = flags.server === undefined ? await loadProfile(profileName) : undefined;
      const caPath = flags.caFile ?? loaded?.profile.tls.caFile;
      const caFile = caPath ? readCaFile(caPath, flags.caFile ? '--ca-file' : 'tls.caFile') : undefined;
      const plan = checkPlan({
        ...(loaded ? { profile: loaded.profile, otherProfiles: loaded.others } : {}),
        ...(flags.server !== undefined ? { server: flags.server } : {}),
        ...(httpsPort !== undefined ? { httpsPort } : {}),
        ports,
        ...(caFile ? { caFile } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      });
      const cancel = new AbortController();
      const onSigint = (): void => cancel.abort();
      process.once('SIGINT', onSigint);
      try {
        const report = await runChecks(plan.definitions, { target: plan.target, signal: cancel.signal, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
        process.stdout.write(renderReport(report, format, { strict: flags.strict === true }));
        process.exitCode = reportExitCode(report, flags.strict === true);
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    });
}
