/**
 * `mailbridge sync-settings PROFILE [--conflict-policy P] [--mass-delete-share S]
 * [--mass-delete-min N] [--json]` — a profile's sync engine settings from the shell (#7,
 * AG-4): the conflict policy (exchange-wins / application-wins / newest-wins) and the
 * mass-delete guard. Without an option it shows them; with one it changes only that and
 * the next sync uses the new value. The same as `sync.settings` over the socket: through
 * the agent when one runs, else in this process. `--json` prints `mailbridge.sync-settings/v1`.
 */
import type { Command } from 'commander';
import type { z } from 'zod';
import { ExitCode } from '../cli/exit-codes.js';
import { OperatorError } from '../errors/operator-error.js';
import { ConflictPolicySchema, type SyncSettingsParamsSchema, type SyncSettingsResultSchema } from '../protocol/schemas/sync-schemas.js';
import { viaAgentOrLocal } from './sync-route.js';

export const SYNC_SETTINGS_SCHEMA = 'mailbridge.sync-settings/v1';

type SyncSettingsRequest = z.input<typeof SyncSettingsParamsSchema>;
type SyncSettings = z.output<typeof SyncSettingsResultSchema>;
type ConflictPolicy = z.output<typeof ConflictPolicySchema>;

export interface SyncSettingsFlags {
  conflictPolicy?: string;
  massDeleteShare?: string;
  massDeleteMin?: string;
  json?: boolean;
}

/** What each policy keeps when both sides changed an item since the last sync. */
const POLICY_MEANING: Record<ConflictPolicy, string> = {
  'exchange-wins': "Exchange's version is kept",
  'application-wins': "the application's version is kept",
  'newest-wins': 'the later change is kept (Exchange on a tie)',
};

const MAX_MIN_DELETES = 1_000_000;

function badFlag(field: string, message: string, fix: string): OperatorError {
  return new OperatorError({
    code: 'MB_SYNC_SETTINGS_BAD_FLAG', family: 'config', rule: 'AG-4', field, exitCode: 2, message,
    cause: 'The conflict policy is one of three names; the mass-delete guard takes a share of a folder (0 < share ≤ 1) and a whole number of deletes.',
    fix: [fix],
  });
}

function parsePolicy(value: string): ConflictPolicy {
  const parsed = ConflictPolicySchema.safeParse(value.trim());
  if (!parsed.success) throw badFlag('--conflict-policy', `--conflict-policy: "${value}" is not a conflict policy`, `Use one of ${ConflictPolicySchema.options.join(', ')}, e.g. --conflict-policy exchange-wins.`);
  return parsed.data;
}

/** A fraction (0.5) or a percentage (50%) of a folder's synced items. */
function parseShare(value: string): number {
  const text = value.trim();
  const percent = /^\d+(\.\d+)?%$/.test(text);
  const share = percent ? Number(text.slice(0, -1)) / 100 : /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : NaN;
  if (!(share > 0 && share <= 1)) {
    throw badFlag('--mass-delete-share', `--mass-delete-share: "${value}" is not a share above 0 and at most 1`, 'Give the largest share of a folder one sync may delete without asking, e.g. --mass-delete-share 0.5 (or 50%).');
  }
  return share;
}

function parseMinDeletes(value: string): number {
  const text = value.trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > MAX_MIN_DELETES) {
    throw badFlag('--mass-delete-min', `--mass-delete-min: "${value}" is not a whole number from 0 to ${MAX_MIN_DELETES}`, 'Give how many deletes always pass the guard, e.g. --mass-delete-min 10 (0: the share applies to every delete).');
  }
  return n;
}

/** The `sync.settings` params the flags ask for (only `profile`: read). */
export function settingsRequest(profile: string, flags: SyncSettingsFlags): SyncSettingsRequest {
  return {
    profile,
    ...(flags.conflictPolicy !== undefined ? { conflictPolicy: parsePolicy(flags.conflictPolicy) } : {}),
    ...(flags.massDeleteShare !== undefined ? { massDeleteShare: parseShare(flags.massDeleteShare) } : {}),
    ...(flags.massDeleteMin !== undefined ? { massDeleteMin: parseMinDeletes(flags.massDeleteMin) } : {}),
  };
}

/** The contract document: these fields, in this order. */
export function settingsDocument(s: SyncSettings, changed: boolean) {
  return { schema: SYNC_SETTINGS_SCHEMA, profile: s.profile, conflictPolicy: s.conflictPolicy, massDeleteShare: s.massDeleteShare, massDeleteMin: s.massDeleteMin, fullResyncPending: s.fullResyncPending, changed };
}

export function formatSettings(s: SyncSettings, changed: boolean): string {
  const percent = `${Number((s.massDeleteShare * 100).toFixed(2))}%`;
  return [
    changed ? `sync settings of ${s.profile} changed; the next sync uses them:` : `sync settings of ${s.profile}:`,
    `  conflict policy    ${s.conflictPolicy}: ${POLICY_MEANING[s.conflictPolicy]}`,
    `  mass-delete guard  a sync stops and asks before deleting more than ${percent} of a folder's synced items, from ${s.massDeleteMin} deletes on`,
    `  full resync        ${s.fullResyncPending ? 'pending (the next sync reads every folder again)' : 'not pending'}`,
  ].join('\n');
}

export function register(program: Command): void {
  program
    .command('sync-settings')
    .description("show or change a profile's conflict policy and mass-delete guard (no option: show)")
    .argument('<profile>', 'the profile')
    .option('--conflict-policy <policy>', `when both sides changed an item: ${ConflictPolicySchema.options.join('|')}`)
    .option('--mass-delete-share <share>', "largest share of a folder's synced items one sync may delete without asking, 0 < share <= 1 (e.g. 0.5 or 50%)")
    .option('--mass-delete-min <count>', 'deletes below this count always pass the guard')
    .option('--json', `print one JSON document (${SYNC_SETTINGS_SCHEMA})`)
    .action(async (profile: string, flags: SyncSettingsFlags) => {
      const request = settingsRequest(profile, flags);
      const changed = Object.keys(request).length > 1;
      const settings = await viaAgentOrLocal<SyncSettings>({
        agent: (client) => client.call('sync.settings', request),
        local: async (host) => host.settings(request),
      });
      process.stdout.write(flags.json ? `${JSON.stringify(settingsDocument(settings, changed))}\n` : `${formatSettings(settings, changed)}\n`);
      process.exitCode = ExitCode.Ok;
    });
}
