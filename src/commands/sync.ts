/**
 * `mailbridge sync PROFILE [--once] [--full] [--json] [--allow-mass-delete]` — runs a sync
 * of one profile (issue #7) and prints its summary (contract `mailbridge.sync-summary/v1`
 * with --json: exactly one JSON document on stdout). Through the agent when one runs
 * (`sync.run` with progress from `sync.progress`), otherwise in-process. Without --once
 * and without an agent, keeps syncing on the profile's interval until interrupted (one
 * summary per run); with an agent, the agent already schedules, so one run is triggered.
 * Exit 1 when any mailbox failed, 2 on usage errors.
 */
import type { Command } from 'commander';
import type { FolderProgress } from '../../agent/sync/sync-context.js';
import { ExitCode } from '../cli/exit-codes.js';
import { SYNC_SUMMARY_SCHEMA, type SyncSummary } from '../protocol/schemas/sync-schemas.js';
import { viaAgentOrLocal } from './sync-route.js';

interface SyncFlags {
  once?: boolean;
  full?: boolean;
  json?: boolean;
  allowMassDelete?: boolean;
}

/** The contract document: exactly these fields, in this order. */
export function summaryDocument(s: SyncSummary): SyncSummary {
  return {
    schema: SYNC_SUMMARY_SCHEMA, profile: s.profile, mailboxes: s.mailboxes, created: s.created, updated: s.updated, deleted: s.deleted,
    imported: s.imported, ingested: s.ingested, conflicts: s.conflicts, errors: s.errors, roundTrips: s.roundTrips, durationMs: s.durationMs,
  };
}

export function formatSummary(s: SyncSummary): string {
  const lines = [
    `sync ${s.profile}: ${s.errors.length === 0 ? 'ok' : `${s.errors.length} error(s)`} — ${s.mailboxes} mailbox(es), created ${s.created}, updated ${s.updated}, deleted ${s.deleted}, imported ${s.imported}, ingested ${s.ingested}, conflicts ${s.conflicts}; ${s.roundTrips} round trips in ${(s.durationMs / 1000).toFixed(1)} s`,
  ];
  for (const e of s.errors) {
    lines.push(`  error ${e.mailbox}${e.folder ? ` (${e.folder})` : ''}: ${e.code}: ${e.message}`);
    if (e.diagnosis) {
      lines.push(`    cause: ${e.diagnosis.cause}`);
      e.diagnosis.fix.forEach((step, i) => lines.push(`    ${i + 1}. ${step}`));
    }
  }
  return lines.join('\n');
}

function progressLine(p: FolderProgress): string | undefined {
  if (p.phase === 'started') return undefined;
  return `  ${p.mailbox} ${p.folder}: ${p.phase === 'failed' ? `failed (${p.error ?? ''})` : 'done'}`;
}

function report(summary: SyncSummary, json: boolean): void {
  process.stdout.write(json ? `${JSON.stringify(summaryDocument(summary))}\n` : `${formatSummary(summary)}\n`);
}

export function register(program: Command): void {
  program
    .command('sync')
    .description('sync a profile with Exchange and print a summary; exit 1 when any mailbox failed')
    .argument('<profile>', 'the profile to sync')
    .option('--once', 'run one sync and exit (without an agent, the default is to keep syncing on the interval)')
    .option('--full', 'read every folder again and reconcile by id (no duplicates)')
    .option('--allow-mass-delete', 'confirm deletes the mass-delete guard stopped')
    .option('--json', 'print the summary as one JSON document (mailbridge.sync-summary/v1)')
    .action(async (profile: string, flags: SyncFlags) => {
      const json = flags.json === true;
      const showProgress = (p: FolderProgress) => {
        const line = json ? undefined : progressLine(p);
        if (line) process.stderr.write(`${line}\n`);
      };
      const options = { full: flags.full === true, allowMassDelete: flags.allowMassDelete === true };
      const failed = await viaAgentOrLocal<boolean>({
        agent: async (client) => {
          const subscription = json ? undefined : await client.subscribe((n) => {
            if (n.method === 'sync.progress') showProgress(n.params.data as FolderProgress);
          }, ['runs']);
          try {
            const result = await client.call('sync.run', { profile, ...options, wait: true });
            const summary = result.summary as SyncSummary;
            report(summary, json);
            return summary.errors.length > 0;
          } finally {
            subscription?.close();
          }
        },
        local: async (host) => {
          const first = host.service.run(profile, options).done;
          if (flags.once) {
            const summary = await first;
            report(summary, json);
            return summary.errors.length > 0;
          }
          // Keep going on the interval: the service schedules the next run after each one; each summary is printed as it ends.
          await first;
          return new Promise<boolean>((resolve) => {
            process.once('SIGINT', () => resolve(false));
            process.once('SIGTERM', () => resolve(false));
          });
        },
      }, { schedule: flags.once !== true, onEvent: (e) => {
        if (e.type === 'sync.progress') showProgress(e.data);
        else if (!flags.once) report(e.data.summary, json);
      } });
      process.exitCode = failed ? ExitCode.Failed : ExitCode.Ok;
    });
}
