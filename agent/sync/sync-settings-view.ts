/**
 * `sync.settings` and `sync.conflicts` as the protocol shapes them, over the engine's
 * bookkeeping: read or change a profile's conflict policy and mass-delete guard, and the
 * conflict audit newest first. Lives beside the bookkeeping so the CLI without an agent
 * (local-sync-host.ts) answers exactly what the agent's socket answers (#7).
 */
import type { z } from 'zod';
import type { SyncConflictsResultSchema, SyncSettingsParamsSchema, SyncSettingsResultSchema } from '../../src/protocol/schemas/sync-schemas.js';
import type { SyncBookkeeping } from './sync-bookkeeping.js';

export type SyncSettingsRequest = z.input<typeof SyncSettingsParamsSchema>;
export type SyncSettingsView = z.output<typeof SyncSettingsResultSchema>;
export type ConflictAudit = z.output<typeof SyncConflictsResultSchema>;

type Books = Pick<SyncBookkeeping, 'settings' | 'saveSettings' | 'conflicts'>;

/** Whether the request changes anything (a request with only `profile` reads). */
export function changesSettings(request: SyncSettingsRequest): boolean {
  return request.conflictPolicy !== undefined || request.massDeleteShare !== undefined || request.massDeleteMin !== undefined;
}

/** Reads, or changes and reads back; fields the request leaves out keep their value. */
export function applySyncSettings(books: Books, request: SyncSettingsRequest): SyncSettingsView {
  const current = books.settings(request.profile);
  const next = changesSettings(request)
    ? books.saveSettings(request.profile, {
      ...(request.conflictPolicy ? { conflictPolicy: request.conflictPolicy } : {}),
      massDelete: { maxShare: request.massDeleteShare ?? current.massDelete.maxShare, minItems: request.massDeleteMin ?? current.massDelete.minItems },
    })
    : current;
  return { profile: request.profile, conflictPolicy: next.conflictPolicy, massDeleteShare: next.massDelete.maxShare, massDeleteMin: next.massDelete.minItems, fullResyncPending: next.fullResyncPending };
}

function parseJson(text: unknown): unknown {
  return typeof text === 'string' ? JSON.parse(text) as unknown : null;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The audit rows of a profile, newest first, at most `limit`. */
export function conflictAudit(books: Books, profile: string, limit: number): ConflictAudit {
  return {
    conflicts: books.conflicts(profile, limit).map((r) => ({
      id: Number(r.id), at: String(r.at), runId: text(r.run_id), mailbox: String(r.mailbox), localId: String(r.local_id), remoteId: text(r.remote_id),
      kind: String(r.kind), policy: r.policy as SyncSettingsView['conflictPolicy'], winner: r.winner as 'exchange' | 'application', reason: String(r.reason),
      localData: parseJson(r.local_data), remoteData: parseJson(r.remote_data), localModified: text(r.local_modified), remoteModified: text(r.remote_modified),
    })),
  };
}
