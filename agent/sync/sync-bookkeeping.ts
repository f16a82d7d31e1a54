/**
 * The engine's bookkeeping rows besides items and pairs: per-folder sync state, the
 * conflict audit, runs, per-user last attempt/result (EX-15), per-profile sync settings
 * (conflict policy, mass-delete guard, pending full resync) and when each mail folder
 * selection was saved (O365-3). SQL only.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { FolderInfo, TimeWindow } from '../connectors/connector.js';
import { DEFAULT_CONFLICT_POLICY, type ConflictPolicy } from './conflict-policy.js';
import { DEFAULT_MASS_DELETE, type MassDeleteSettings } from './mass-delete-guard.js';
import { RoundLedger } from './round-ledger.js';
import { pluckedStatement, statement } from '../store/statement-cache.js';

export interface FolderState {
  state: string | null;
  window: TimeWindow | null;
}

export interface ProfileSyncSettings {
  conflictPolicy: ConflictPolicy;
  massDelete: MassDeleteSettings;
  fullResyncPending: boolean;
}

export interface ConflictRecord {
  runId: string | null;
  profile: string;
  mailbox: string;
  localId: string;
  remoteId: string | null;
  kind: string;
  policy: ConflictPolicy;
  winner: 'exchange' | 'application';
  reason: string;
  localData: unknown;
  remoteData: unknown;
  localModified?: string | undefined;
  remoteModified?: string | undefined;
}

export class SyncBookkeeping {
  constructor(readonly db: BetterSqlite3.Database) {}

  folderState(profile: string, mailbox: string, folderKey: string): FolderState {
    const row = statement(this.db, 'SELECT state, window FROM sync_folder_state WHERE profile = ? AND mailbox = ? AND folder_key = ?').get(profile, mailbox, folderKey) as { state: string | null; window: string | null } | undefined;
    return { state: row?.state ?? null, window: row?.window ? (JSON.parse(row.window) as TimeWindow) : null };
  }

  /** Call only inside the transaction that stores the changes this state covers. */
  saveFolderState(profile: string, mailbox: string, folderKey: string, kind: string, state: string | null, window: TimeWindow | null): void {
    statement(this.db, `INSERT INTO sync_folder_state (profile, mailbox, folder_key, kind, state, window, updated_at) VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      ON CONFLICT (profile, mailbox, folder_key) DO UPDATE SET state = excluded.state, window = excluded.window, kind = excluded.kind, updated_at = excluded.updated_at`)
      .run(profile, mailbox, folderKey, kind, state, window ? JSON.stringify(window) : null);
  }

  /**
   * Forgets every folder state of a profile, and any round left unfinished: the next run
   * reads everything again and reconciles (EX-9).
   */
  clearFolderStates(profile: string): number {
    new RoundLedger(this.db).forgetProfile(profile);
    return statement(this.db, 'DELETE FROM sync_folder_state WHERE profile = ?').run(profile).changes;
  }

  recordConflict(c: ConflictRecord): void {
    statement(this.db, `INSERT INTO sync_conflicts (run_id, profile, mailbox, local_id, remote_id, kind, policy, winner, reason, local_data, remote_data, local_modified, remote_modified)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(c.runId, c.profile, c.mailbox, c.localId, c.remoteId, c.kind, c.policy, c.winner, c.reason,
        c.localData === undefined ? null : JSON.stringify(c.localData), c.remoteData === undefined ? null : JSON.stringify(c.remoteData),
        c.localModified ?? null, c.remoteModified ?? null);
  }

  conflicts(profile: string, limit = 100): Array<Record<string, unknown>> {
    return statement(this.db, 'SELECT * FROM sync_conflicts WHERE profile = ? ORDER BY id DESC LIMIT ?').all(profile, limit) as Array<Record<string, unknown>>;
  }

  settings(profile: string): ProfileSyncSettings {
    const row = statement(this.db, 'SELECT * FROM sync_profile_settings WHERE profile = ?').get(profile) as
      { conflict_policy: ConflictPolicy; mass_delete_share: number; mass_delete_min: number; full_resync_pending: number } | undefined;
    if (!row) return { conflictPolicy: DEFAULT_CONFLICT_POLICY, massDelete: { ...DEFAULT_MASS_DELETE }, fullResyncPending: false };
    return { conflictPolicy: row.conflict_policy, massDelete: { maxShare: row.mass_delete_share, minItems: row.mass_delete_min }, fullResyncPending: row.full_resync_pending === 1 };
  }

  saveSettings(profile: string, patch: Partial<ProfileSyncSettings>): ProfileSyncSettings {
    const next = { ...this.settings(profile), ...patch };
    statement(this.db, `INSERT INTO sync_profile_settings (profile, conflict_policy, mass_delete_share, mass_delete_min, full_resync_pending) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (profile) DO UPDATE SET conflict_policy = excluded.conflict_policy, mass_delete_share = excluded.mass_delete_share,
        mass_delete_min = excluded.mass_delete_min, full_resync_pending = excluded.full_resync_pending, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`)
      .run(profile, next.conflictPolicy, next.massDelete.maxShare, next.massDelete.minItems, next.fullResyncPending ? 1 : 0);
    return next;
  }

  startRun(runId: string, profile: string, full: boolean): void {
    statement(this.db, 'INSERT INTO sync_runs (id, profile, started_at, full) VALUES (?, ?, ?, ?)').run(runId, profile, new Date().toISOString(), full ? 1 : 0);
  }

  finishRun(runId: string, outcome: 'ok' | 'failed' | 'partial', summary: unknown): void {
    statement(this.db, 'UPDATE sync_runs SET finished_at = ?, outcome = ?, summary = ? WHERE id = ?').run(new Date().toISOString(), outcome, JSON.stringify(summary), runId);
  }

  userAttempt(profile: string, mailbox: string): void {
    statement(this.db, `INSERT INTO sync_user_status (profile, mailbox, last_attempt_at, last_result) VALUES (?, ?, ?, 'running')
      ON CONFLICT (profile, mailbox) DO UPDATE SET last_attempt_at = excluded.last_attempt_at, last_result = 'running'`).run(profile, mailbox, new Date().toISOString());
  }

  userResult(profile: string, mailbox: string, error: unknown | null): void {
    const now = new Date().toISOString();
    if (error === null) {
      statement(this.db, `UPDATE sync_user_status SET last_result = 'ok', last_error = NULL, last_success_at = ? WHERE profile = ? AND mailbox = ?`).run(now, profile, mailbox);
    } else {
      statement(this.db, `UPDATE sync_user_status SET last_result = 'failed', last_error = ? WHERE profile = ? AND mailbox = ?`).run(JSON.stringify(error), profile, mailbox);
    }
  }

  /** The result a mailbox's last finished sync left (null when none finished yet). */
  userLastResult(profile: string, mailbox: string): string | null {
    const row = statement(this.db, 'SELECT last_result FROM sync_user_status WHERE profile = ? AND mailbox = ?').get(profile, mailbox) as { last_result: string | null } | undefined;
    return row?.last_result ?? null;
  }

  /**
   * Shutdown interrupted the mailbox's sync (issue #8): neither ok nor failed, so the result
   * goes back to what the last finished sync left; the attempt time stays.
   */
  userStopped(profile: string, mailbox: string, previousResult: string | null): void {
    statement(this.db, 'UPDATE sync_user_status SET last_result = ? WHERE profile = ? AND mailbox = ?').run(previousResult === 'running' ? null : previousResult, profile, mailbox);
  }

  userStatus(profile: string): Array<{ mailbox: string; lastAttemptAt: string | null; lastResult: string | null; lastSuccessAt: string | null; confirmedAt: string | null }> {
    const rows = statement(this.db, 'SELECT * FROM sync_user_status WHERE profile = ? ORDER BY mailbox').all(profile) as Array<Record<string, string | null>>;
    return rows.map((r) => ({ mailbox: String(r.mailbox), lastAttemptAt: r.last_attempt_at ?? null, lastResult: r.last_result ?? null, lastSuccessAt: r.last_success_at ?? null, confirmedAt: r.confirmed_at ?? null }));
  }

  isConfirmed(profile: string, mailbox: string): boolean {
    const row = statement(this.db, 'SELECT confirmed_at FROM sync_user_status WHERE profile = ? AND mailbox = ?').get(profile, mailbox) as { confirmed_at: string | null } | undefined;
    return Boolean(row?.confirmed_at);
  }

  /** The outcome of the latest finished run of a profile other than `exceptRunId`. */
  previousOutcome(profile: string, exceptRunId: string): string | null {
    const row = statement(this.db, 'SELECT outcome FROM sync_runs WHERE profile = ? AND id <> ? AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1').get(profile, exceptRunId) as { outcome: string | null } | undefined;
    return row?.outcome ?? null;
  }

  /** EX-15: true the first time (the caller then sends the confirmation message). */
  markConfirmed(profile: string, mailbox: string): boolean {
    return statement(this.db, 'UPDATE sync_user_status SET confirmed_at = ? WHERE profile = ? AND mailbox = ? AND confirmed_at IS NULL').run(new Date().toISOString(), profile, mailbox).changes > 0;
  }

  /** Mail folders resolved earlier for this selection, unless older than `maxAgeMs`. */
  cachedFolders(profile: string, mailbox: string, scope: 'selection' | 'shared', selection: string, now: Date, maxAgeMs = Infinity): FolderInfo[] | undefined {
    const row = statement(this.db, 'SELECT folders, selection, resolved_at FROM sync_mail_folders WHERE profile = ? AND mailbox = ? AND scope = ?').get(profile, mailbox, scope) as
      { folders: string; selection: string; resolved_at: string } | undefined;
    if (!row || row.selection !== selection || now.getTime() - Date.parse(row.resolved_at) > maxAgeMs) return undefined;
    return JSON.parse(row.folders) as FolderInfo[];
  }

  saveFolders(profile: string, mailbox: string, scope: 'selection' | 'shared', selection: string, folders: readonly FolderInfo[], now: Date): void {
    statement(this.db, `INSERT INTO sync_mail_folders (profile, mailbox, scope, folders, selection, resolved_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (profile, mailbox, scope) DO UPDATE SET folders = excluded.folders, selection = excluded.selection, resolved_at = excluded.resolved_at`)
      .run(profile, mailbox, scope, JSON.stringify(folders), selection, now.toISOString());
  }

  /** Every mail folder resolved for a mailbox, whatever its selection (the idle poll asks ahead for their pages). */
  knownMailFolders(profile: string, mailbox: string): FolderInfo[] {
    const rows = pluckedStatement(this.db, 'SELECT folders FROM sync_mail_folders WHERE profile = ? AND mailbox = ?').all(profile, mailbox) as string[];
    return rows.flatMap((json) => JSON.parse(json) as FolderInfo[]);
  }

  forgetFolders(profile: string, mailbox: string): void {
    statement(this.db, 'DELETE FROM sync_mail_folders WHERE profile = ? AND mailbox = ?').run(profile, mailbox);
  }

  /** O365-3: when this folder was first selected; only mail from then on is ingested. */
  selectionSavedAt(profile: string, mailbox: string, folderPath: string, now: Date): string {
    // Whole seconds: servers report receivedDateTime to the second, so mail of the same second counts as after.
    const savedAt = new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString();
    statement(this.db, 'INSERT OR IGNORE INTO sync_mail_selection (profile, mailbox, folder_path, saved_at) VALUES (?, ?, ?, ?)').run(profile, mailbox, folderPath.toLowerCase(), savedAt);
    const row = statement(this.db, 'SELECT saved_at FROM sync_mail_selection WHERE profile = ? AND mailbox = ? AND folder_path = ?').get(profile, mailbox, folderPath.toLowerCase()) as { saved_at: string };
    return row.saved_at;
  }
}
