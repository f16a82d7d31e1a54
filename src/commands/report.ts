/**
 * `mailbridge report [--out FILE]`: one gzip'ed JSON file to attach to a support ticket —
 * versions, redacted profiles, recent check reports, sync history, the agent's status and
 * a log tail (src/report/collect-report.ts). One JSON document rather than a tarball: no
 * archive library is among our dependencies, and `zcat FILE | jq` reads it anywhere.
 * Written 0600; nothing is uploaded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Command } from 'commander';
import { ExitCode } from '../cli/exit-codes.js';
import { OperatorError } from '../errors/operator-error.js';
import { AgentNotRunningError } from '../protocol/agent-errors.js';
import { withAgent } from '../protocol/connect-agent.js';
import { collectReport } from '../report/collect-report.js';
import { withProfileAccess } from './profile-access/profile-access.js';

const gzip = promisify(zlib.gzip);

function defaultFileName(now = new Date()): string {
  return `mailbridge-report-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-')}.json.gz`;
}

export function register(program: Command): void {
  program
    .command('report')
    .description('write a redacted bug-report bundle (versions, profiles, check reports, sync history, agent status, log tail) as .json.gz')
    .option('--out <file>', 'where to write it ("-" for stdout); default mailbridge-report-DATE.json.gz in the current directory')
    .option('--log-lines <n>', 'how many lines of the agent log to include', '500')
    .addHelpText('after', `
Examples:
  mailbridge report                         # ./mailbridge-report-20260101-120000.json.gz
  mailbridge report --out /tmp/ticket-4711.json.gz
  mailbridge report --out - | zcat | jq .versions`)
    .action(async (options: { out?: string; logLines: string }) => {
      const logLines = Number(options.logLines);
      if (!Number.isInteger(logLines) || logLines < 0) {
        throw new OperatorError({ code: 'MB_REPORT_LOG_LINES_INVALID', family: 'config', field: '--log-lines', exitCode: 2, message: `--log-lines ${options.logLines}: not a whole number`, cause: 'The report includes that many lines of the agent log.', fix: ['Pass a number such as --log-lines 500 (0 for none).'] });
      }
      const document = await collectReport({
        env: process.env,
        logLines,
        agentStatus: async () => {
          try {
            return await withAgent((client) => client.call('agent.status'), { timeoutMs: 10_000 });
          } catch (error) {
            if (error instanceof AgentNotRunningError) return { running: false, reason: error.message };
            throw error;
          }
        },
        profiles: () => withProfileAccess(async (access) => {
          const list = await access.list();
          return Promise.all(list.profiles.map((p) => access.get(p.name)));
        }),
      });
      const bytes = await gzip(Buffer.from(`${JSON.stringify(document, null, 2)}\n`));
      if (options.out === '-') process.stdout.write(bytes);
      else {
        const file = path.resolve(options.out ?? defaultFileName());
        fs.writeFileSync(file, bytes, { mode: 0o600 });
        process.stderr.write(`report written to ${file} (${bytes.length} bytes); attach it to the ticket. Secrets are redacted; read it with: zcat ${JSON.stringify(file)} | less\n`);
      }
      process.exitCode = ExitCode.Ok;
    });
}
