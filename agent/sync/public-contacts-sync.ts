/**
 * EX-12's public folder of ALL contacts (EWS only): once per profile run, after the
 * mailboxes, every contact of the profile — whichever staff mailbox it belongs to, each
 * local id once — goes one way to the public folder `mailbridge contacts (<profile>)`,
 * readable by every Exchange user (hence the MB_PUBLIC_FOLDER_EXPOSES_CONTACTS warning).
 * One folder per profile, named after it, so two profiles on one organisation never write
 * over each other's folder.
 *
 * The export follows item-folder-sync.ts's export phase: pairs live in sync_item_map under
 * the reserved mailbox key `public:` (never a mailbox address, so no per-mailbox query sees
 * them), each write is recorded right after its answer, and a create is noted durably
 * before it is sent, so a lost answer leads to a lookup by the local-id property, not a
 * second contact. A pair whose contact vanished from Exchange (folder removed by an admin)
 * is created again instead of failing every run. Nothing is read back: the folder is ours.
 */
import type { Profile } from '../../src/profiles/profile-schema.js';
import type { Connector, ContactData, PublicContactsCapability, RemoteItem } from '../connectors/connector.js';
import { ConnectorError } from '../connectors/connector-errors.js';
import { changedFields } from './content-hash.js';
import type { LocalStore, StoredItem } from './local-store.js';
import type { FolderProgress, SyncCounts } from './sync-context.js';
import { decideLocalChange } from './sync-decisions.js';
import { syncErrorEntry, type SyncErrorEntry } from './sync-error.js';
import type { ThrottleGate } from './throttle-gate.js';

/** The sync_item_map mailbox key of the public folder's pairs, also the summary's and the progress events' mailbox. */
export const PUBLIC_CONTACTS_MAILBOX = 'public:';
/** The step's name in progress events and errors. */
export const PUBLIC_CONTACTS_STEP = 'public contacts';
const KINDS = ['contact'] as const;
const GONE = new Set(['ErrorItemNotFound', 'ErrorInvalidIdMalformed']);

export function publicContactsFolderName(profile: string): string {
  return `mailbridge contacts (${profile})`;
}

export interface PublicContactsRequest {
  runId: string;
  profile: Profile;
  connector: Connector;
  local: LocalStore;
  gate: ThrottleGate;
  /** The run's totals and errors; this step adds to them. */
  totals: SyncCounts;
  errors: SyncErrorEntry[];
  progress?: ((event: FolderProgress) => void) | undefined;
  shouldStop?: (() => boolean) | undefined;
}

/** Runs the step when the profile asks for it and the connector can (EWS); otherwise does nothing. */
export async function exportPublicContacts(request: PublicContactsRequest): Promise<void> {
  const capability = request.connector.publicContacts;
  if (!request.profile.export.publicFolderAllContacts || !capability || request.shouldStop?.() === true) return;
  const base = { runId: request.runId, profile: request.profile.name, mailbox: PUBLIC_CONTACTS_MAILBOX, folder: PUBLIC_CONTACTS_STEP };
  const progress = request.progress ?? (() => undefined);
  const counts: SyncCounts = { created: 0, updated: 0, deleted: 0, imported: 0, ingested: 0, conflicts: 0 };
  progress({ ...base, phase: 'started' });
  try {
    await exportAll(request, capability, counts);
    progress({ ...base, phase: 'finished', counts: { ...counts } });
  } catch (error) {
    const entry = syncErrorEntry(error, PUBLIC_CONTACTS_MAILBOX, PUBLIC_CONTACTS_STEP);
    request.errors.push(entry);
    progress({ ...base, phase: 'failed', error: `${entry.code}: ${entry.message}` });
  } finally {
    for (const key of Object.keys(counts) as Array<keyof SyncCounts>) request.totals[key] += counts[key];
  }
}

function isGone(error: unknown): boolean {
  return error instanceof ConnectorError && GONE.has(error.code);
}

async function exportAll(request: PublicContactsRequest, pc: PublicContactsCapability, counts: SyncCounts): Promise<void> {
  const { local } = request;
  const profile = request.profile.name;
  const key = PUBLIC_CONTACTS_MAILBOX;
  // One budget for the public folder mailbox, like a mailbox's (ErrorServerBusy waits honoured).
  const call = <T>(fn: () => Promise<T>): Promise<T> => request.gate.run(PUBLIC_CONTACTS_MAILBOX, fn);
  const folder = await call(() => pc.ensureFolder(publicContactsFolderName(profile)));

  const save = (localId: string, remote: RemoteItem<'contact'>, data: Record<string, unknown>) =>
    local.transaction(() => local.savePair({ profile, mailbox: key, localId, remoteKind: 'contact', remoteId: remote.id, changeKey: remote.changeKey, data }));
  const forget = (localId: string) => local.transaction(() => local.deletePair(profile, key, localId));
  const create = async (item: StoredItem) => {
    local.transaction(() => local.markCreateStarted(profile, key, item.localId, 'contact'));
    const created = await call(() => pc.createContact(folder.id, item.data as ContactData, item.localId));
    save(item.localId, created, item.data);
    counts.created += 1;
  };
  const remove = async (localId: string, remoteId: string | undefined) => {
    const deleted = remoteId ? await call(() => pc.deleteContact(remoteId)) : false;
    forget(localId);
    if (deleted) counts.deleted += 1;
  };

  for (const localId of local.exportCandidatesAcrossMailboxes(profile, key, KINDS)) {
    if (request.shouldStop?.() === true) return;
    const item = local.getItem(localId);
    if (!item) continue;
    const pair = local.pairByLocal(profile, key, localId);
    const decision = decideLocalChange({
      local: { localId, hash: item.hash, updatedAt: item.updatedAt, deleted: item.deletedAt !== null },
      pair: pair ? { localId, remoteId: pair.remote_id, changeKey: pair.change_key, syncedHash: pair.synced_hash, createStartedAt: pair.create_started_at } : undefined,
      mayCreate: true,
    });
    switch (decision.action) {
      case 'none': break;
      case 'create': await create(item); break;
      case 'find-or-create': {
        const found = await call(() => pc.findByLocalId(folder.id, localId));
        if (!found) { await create(item); break; }
        // The earlier create did arrive: adopt it and bring it up to date (one write, whatever changed).
        const updated = await call(() => pc.updateContact(found.id, item.data as Partial<ContactData>));
        save(localId, updated, item.data);
        counts.updated += 1;
        break;
      }
      case 'update-remote': {
        const base = pair?.synced_data ? (JSON.parse(pair.synced_data) as Record<string, unknown>) : undefined;
        try {
          const updated = await call(() => pc.updateContact(decision.remoteId, changedFields(base, item.data) as Partial<ContactData>));
          save(localId, updated, item.data);
          counts.updated += 1;
        } catch (error) {
          if (!isGone(error)) throw error;
          await create(item);
        }
        break;
      }
      case 'delete-remote':
        await remove(localId, decision.remoteId);
        break;
      case 'find-and-delete':
        await remove(localId, (await call(() => pc.findByLocalId(folder.id, localId)))?.id);
        break;
      case 'forget':
        forget(localId);
        break;
    }
  }
  // Pairs whose local item is no longer a contact at all.
  for (const pair of local.orphanPairs(profile, key, KINDS)) {
    if (request.shouldStop?.() === true) return;
    await remove(pair.local_id, pair.remote_id ?? undefined);
  }
}
