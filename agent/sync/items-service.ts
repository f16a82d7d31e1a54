/**
 * The business application's side, as the socket and the CLI reach it: `items.upsert`,
 * `items.delete`, `items.list`, `items.changes`. Data is checked per kind against the
 * wire schemas (a bad field is named with the rule and the fix); deletes leave a
 * tombstone the next sync carries to Exchange.
 */
import { OperatorError } from '../../src/errors/operator-error.js';
import { ITEM_DATA_SCHEMAS, type ItemInput, type LocalItem, type LocalKind } from '../../src/protocol/schemas/item-schemas.js';
import { LOCAL_KIND_FACTS } from './item-kinds.js';
import { LocalStore } from './local-store.js';
import type BetterSqlite3 from 'better-sqlite3';

function invalidItem(index: number, kind: LocalKind, issues: Array<{ path: PropertyKey[]; message: string }>): OperatorError {
  const first = issues[0];
  const field = `items[${index}].data${first && first.path.length > 0 ? `.${first.path.map(String).join('.')}` : ''}`;
  return new OperatorError({
    code: 'MB_ITEM_INVALID', family: 'config', field, exitCode: 2,
    message: `${field}: ${first?.message ?? 'invalid'} (${kind})`,
    cause: `The data of a ${kind} does not match its schema (${issues.map((i) => `${i.path.map(String).join('.') || 'data'}: ${i.message}`).join('; ')}).`,
    fix: [`Give the ${kind} fields in the documented shape, e.g. appointments need subject, start and end as ISO instants with an offset (2026-11-23T09:00:00Z).`],
  });
}

function wrongOwner(localId: string, profile: string): OperatorError {
  return new OperatorError({
    code: 'MB_ITEM_OTHER_PROFILE', family: 'config', field: 'localId', exitCode: 2,
    message: `item ${localId} belongs to another profile than ${profile}`,
    cause: 'A local id is unique across profiles; this one is already used by an item of another profile.',
    fix: ['Leave localId out to create a new item, or use the profile the item belongs to.'],
  });
}

export class ItemsService {
  private readonly store: LocalStore;

  constructor(db: BetterSqlite3.Database) {
    this.store = new LocalStore(db);
  }

  upsert(profile: string, inputs: readonly ItemInput[]): Array<{ localId: string; created: boolean; seq: number }> {
    const checked = inputs.map((input, index) => {
      const parsed = ITEM_DATA_SCHEMAS[input.kind].safeParse(input.data);
      if (!parsed.success) throw invalidItem(index, input.kind, parsed.error.issues);
      return { ...input, data: parsed.data as Record<string, unknown> };
    });
    return this.store.transaction(() => checked.map((input) => {
      const existing = input.localId ? this.store.getItem(input.localId) : undefined;
      if (existing && existing.profile !== profile) throw wrongOwner(existing.localId, profile);
      return this.store.writeItem({
        profile, mailbox: input.mailbox, kind: input.kind, origin: existing?.origin ?? 'local', data: input.data,
        ...(input.localId ? { localId: input.localId } : {}),
      });
    }));
  }

  delete(profile: string, localIds: readonly string[]): { deleted: string[]; missing: string[] } {
    return this.store.transaction(() => {
      const deleted: string[] = [];
      const missing: string[] = [];
      for (const localId of localIds) {
        const item = this.store.getItem(localId);
        if (!item || item.profile !== profile || item.deletedAt) { missing.push(localId); continue; }
        this.store.markDeleted(localId);
        const pair = this.store.pairByLocal(profile, item.mailbox, localId);
        this.store.addTombstone({ profile, mailbox: item.mailbox, localId, kind: LOCAL_KIND_FACTS[item.kind].remoteKind, remoteId: pair?.remote_id ?? null, origin: 'local', propagated: !pair });
        deleted.push(localId);
      }
      return { deleted, missing };
    });
  }

  list(filter: { profile: string; kind?: LocalKind | undefined; mailbox?: string | undefined; includeDeleted: boolean; limit: number; offset: number }): { items: LocalItem[]; total: number } {
    return this.store.listItems({ profile: filter.profile, includeDeleted: filter.includeDeleted, limit: filter.limit, offset: filter.offset, ...(filter.kind ? { kind: filter.kind } : {}), ...(filter.mailbox ? { mailbox: filter.mailbox } : {}) });
  }

  changes(profile: string, since: number, limit: number): { changes: LocalItem[]; cursor: number; more: boolean } {
    return this.store.changesSince(profile, since, limit);
  }
}
