/**
 * `mailbridge items import FILE --profile P [--json]` and `mailbridge items list --profile P
 * [--kind K] [--mailbox M] [--deleted] [--json]` — the business application's side from
 * the shell (issue #7), the same as `items.upsert` / `items.list` over the socket. FILE is
 * a JSON array of items, `{ "items": [...] }`, or one item per line (NDJSON); `-` reads
 * stdin. Each item: `{ localId?, kind, mailbox, data }`.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { z } from 'zod';
import { ExitCode } from '../cli/exit-codes.js';
import { OperatorError } from '../errors/operator-error.js';
import { ItemInputSchema, LOCAL_KINDS, LocalKindSchema, type ItemInput, type LocalItem } from '../protocol/schemas/item-schemas.js';
import { viaAgentOrLocal } from './sync-route.js';

export const ITEMS_SCHEMA = 'mailbridge.items/v1';
const BATCH = 1000;

function badFile(file: string, problem: string, field?: string): OperatorError {
  return new OperatorError({
    code: 'MB_ITEMS_FILE_INVALID', family: 'config', exitCode: 2, ...(field ? { field } : {}),
    message: `${file}: ${problem}`,
    cause: 'The import file must hold items as a JSON array, {"items": [...]}, or one JSON object per line.',
    fix: ['Each item: {"kind": "appointment", "mailbox": "anna@example.com", "data": {"subject": "…", "start": "2026-11-23T09:00:00Z", "end": "2026-11-23T10:00:00Z"}} (localId optional).'],
  });
}

export function parseItemsFile(file: string, text: string): ItemInput[] {
  let raw: unknown;
  const trimmed = text.trim();
  try {
    raw = JSON.parse(trimmed);
  } catch {
    // Not one JSON document: one item per line (NDJSON).
    try {
      raw = trimmed.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
    } catch (error) {
      throw badFile(file, `not JSON: ${(error as Error).message}`);
    }
  }
  const list = Array.isArray(raw) ? raw : (raw as { items?: unknown }).items ?? [raw];
  if (!Array.isArray(list) || list.length === 0) throw badFile(file, 'no items');
  return list.map((entry, index) => {
    const parsed = ItemInputSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = `items[${index}]${issue?.path.length ? `.${issue.path.map(String).join('.')}` : ''}`;
      throw badFile(file, `${field}: ${issue?.message ?? 'invalid'}`, field);
    }
    return parsed.data;
  });
}

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new OperatorError({
      code: 'MB_ITEMS_FILE_UNREADABLE', family: 'config', exitCode: 2, field: 'FILE',
      message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      cause: 'The import file does not exist or is not readable by this user.', fix: ['Check the path (or pass - to read stdin).'],
    });
  }
}

function parseKind(kind: string | undefined): z.output<typeof LocalKindSchema> | undefined {
  if (kind === undefined) return undefined;
  const parsed = LocalKindSchema.safeParse(kind);
  if (!parsed.success) {
    throw new OperatorError({ code: 'MB_ITEMS_BAD_KIND', family: 'config', exitCode: 2, field: '--kind', message: `--kind: "${kind}" is not an item kind`, cause: 'Items are appointments, service calls, contacts or to-dos.', fix: [`Use one of ${LOCAL_KINDS.join(', ')}.`] });
  }
  return parsed.data;
}

function formatItems(items: LocalItem[]): string {
  if (items.length === 0) return 'no items';
  return items.map((i) => {
    const d = i.data as Record<string, unknown>;
    const title = String(d.subject ?? d.displayName ?? d.surname ?? '');
    const when = typeof d.start === 'string' ? ` ${d.start}` : typeof d.dueDate === 'string' ? ` due ${d.dueDate}` : '';
    return `${i.localId}  ${i.kind.padEnd(11)} ${i.mailbox}  ${title}${when}${i.deletedAt ? '  (deleted)' : ''}${i.remoteId ? '' : '  (not synced)'}`;
  }).join('\n');
}

export function register(program: Command): void {
  const items = program.command('items').description("the business application's items (appointments, service calls, contacts, to-dos)");
  items
    .command('import')
    .description('create or replace items from a JSON/NDJSON file (- for stdin)')
    .argument('<file>', 'the file with the items')
    .requiredOption('--profile <name>', 'the profile the items belong to')
    .option('--json', 'print the result as one JSON document')
    .action(async (file: string, flags: { profile: string; json?: boolean }) => {
      const inputs = parseItemsFile(file, readInput(file));
      const results = await viaAgentOrLocal<Array<{ localId: string; created: boolean; seq: number }>>({
        agent: async (client) => {
          const out: Array<{ localId: string; created: boolean; seq: number }> = [];
          for (let i = 0; i < inputs.length; i += BATCH) out.push(...(await client.call('items.upsert', { profile: flags.profile, items: inputs.slice(i, i + BATCH) })).items);
          return out;
        },
        local: async (host) => {
          if (!host.repository.get(flags.profile)) host.repository.require(flags.profile);
          return host.service.items.upsert(flags.profile, inputs);
        },
      });
      const created = results.filter((r) => r.created).length;
      process.stdout.write(flags.json
        ? `${JSON.stringify({ schema: 'mailbridge.items-import/v1', profile: flags.profile, created, updated: results.length - created, items: results })}\n`
        : `imported ${results.length} item(s) into ${flags.profile}: ${created} created, ${results.length - created} updated\n`);
      process.exitCode = ExitCode.Ok;
    });
  items
    .command('list')
    .description('list the items of a profile')
    .requiredOption('--profile <name>', 'the profile')
    .option('--kind <kind>', `only this kind (${LOCAL_KINDS.join(', ')})`)
    .option('--mailbox <address>', "only this staff member's items")
    .option('--deleted', 'include deleted items (tombstones)')
    .option('--json', `print one JSON document (${ITEMS_SCHEMA})`)
    .action(async (flags: { profile: string; kind?: string; mailbox?: string; deleted?: boolean; json?: boolean }) => {
      const kind = parseKind(flags.kind);
      const params = { profile: flags.profile, includeDeleted: flags.deleted === true, limit: 10_000, offset: 0, ...(kind ? { kind } : {}), ...(flags.mailbox ? { mailbox: flags.mailbox } : {}) };
      const result = await viaAgentOrLocal<{ items: LocalItem[]; total: number }>({
        agent: (client) => client.call('items.list', params),
        local: async (host) => {
          if (!host.repository.get(flags.profile)) host.repository.require(flags.profile);
          return host.service.items.list(params);
        },
      });
      process.stdout.write(flags.json ? `${JSON.stringify({ schema: ITEMS_SCHEMA, profile: flags.profile, total: result.total, items: result.items })}\n` : `${formatItems(result.items)}\n`);
      process.exitCode = ExitCode.Ok;
    });
}
