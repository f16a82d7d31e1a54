/**
 * `mailbridge conflicts PROFILE [--limit N] [--json]` — the conflict audit from the shell
 * (#7, AG-4): every item both sides changed since the last sync, which side the profile's
 * policy kept and why, newest first. The same as `sync.conflicts` over the socket: through
 * the agent when one runs, else in this process. `--json` prints `mailbridge.conflicts/v1`
 * (each entry also carries both versions of the item as they were).
 */
import type { Command } from 'commander';
import type { z } from 'zod';
import { ExitCode } from '../cli/exit-codes.js';
import { OperatorError } from '../errors/operator-error.js';
import type { SyncConflictsResultSchema } from '../protocol/schemas/sync-schemas.js';
import { viaAgentOrLocal } from './sync-route.js';

export const CONFLICTS_SCHEMA = 'mailbridge.conflicts/v1';
/** The protocol's bounds for `sync.conflicts` limit. */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

type ConflictAudit = z.output<typeof SyncConflictsResultSchema>;
type Conflict = ConflictAudit['conflicts'][number];

export function parseLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const text = value.trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_LIMIT) {
    throw new OperatorError({
      code: 'MB_CONFLICTS_BAD_FLAG', family: 'config', rule: 'AG-4', field: '--limit', exitCode: 2,
      message: `--limit: "${value}" is not a whole number from 1 to ${MAX_LIMIT}`,
      cause: `The conflict audit is read newest first, at most ${MAX_LIMIT} entries at a time.`,
      fix: [`Give how many of the newest conflicts to show, e.g. --limit 20 (default ${DEFAULT_LIMIT}).`],
    });
  }
  return n;
}

/** The item's title from either version, for the one-line view. */
function titleOf(c: Conflict): string {
  for (const data of [c.localData, c.remoteData]) {
    const d = (data ?? {}) as Record<string, unknown>;
    const title = d.subject ?? d.displayName ?? d.surname;
    if (typeof title === 'string' && title !== '') return title;
  }
  return '';
}

export function formatConflicts(profile: string, audit: ConflictAudit): string {
  if (audit.conflicts.length === 0) return `no conflicts recorded for ${profile}`;
  return audit.conflicts.map((c) => {
    const title = titleOf(c);
    return [
      `${c.at}  ${c.mailbox}  ${c.kind} ${c.localId}${title ? ` "${title}"` : ''}`,
      `  ${c.winner === 'exchange' ? 'Exchange' : 'the application'} won (${c.policy}): ${c.reason}`,
    ].join('\n');
  }).join('\n');
}

export function register(program: Command): void {
  program
    .command('conflicts')
    .description('the conflict audit of a profile: items changed on both sides, which side won and why, newest first')
    .argument('<profile>', 'the profile')
    .option('--limit <n>', `show at most this many of the newest conflicts, 1..${MAX_LIMIT} (default ${DEFAULT_LIMIT})`)
    .option('--json', `print one JSON document (${CONFLICTS_SCHEMA})`)
    .action(async (profile: string, flags: { limit?: string; json?: boolean }) => {
      const limit = parseLimit(flags.limit);
      const audit = await viaAgentOrLocal<ConflictAudit>({
        agent: (client) => client.call('sync.conflicts', { profile, limit }),
        local: async (host) => host.conflicts(profile, limit),
      });
      process.stdout.write(flags.json ? `${JSON.stringify({ schema: CONFLICTS_SCHEMA, profile, conflicts: audit.conflicts })}\n` : `${formatConflicts(profile, audit)}\n`);
      process.exitCode = ExitCode.Ok;
    });
}
