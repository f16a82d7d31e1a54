/**
 * The document store for ingested mail (O365-3, O365-4): each message once, as an `.eml`
 * file under `<stateDir>/documents/<sha256[0..2]>/<sha256>.eml`, with an index row
 * (mailbox, folder path, Message-ID, subject, sender, received, size, sha256). The file
 * is written (temp + fsync + rename) before its index row, so a crash leaves at worst an
 * unindexed file that the next ingestion of the same message reuses — never an index row
 * without a file. De-duplicated by Internet Message-ID per profile (a message seen in a
 * staff mailbox and a shared one, or reported twice by delta, is stored once); a second
 * copy that lost that race is removed again (`discardUnindexed`).
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { MessageSummary } from '../connectors/connector.js';
import { statement } from '../store/statement-cache.js';

export interface DocumentRow {
  id: number;
  profile: string;
  mailbox: string;
  folderPath: string;
  messageId: string;
  subject: string | null;
  sender: string | null;
  receivedAt: string | null;
  size: number;
  sha256: string;
  file: string;
}

/** A message without a Message-ID header is keyed by its content hash instead. */
export function dedupeKey(internetMessageId: string | undefined, sha256: string): string {
  const id = internetMessageId?.trim();
  return id ? id : `sha256:${sha256}`;
}

/** An `.eml` file on disk: its content hash, absolute path and size in bytes. */
export interface StoredFile {
  sha256: string;
  file: string;
  size: number;
}

export class DocumentStore {
  readonly root: string;

  constructor(private readonly db: BetterSqlite3.Database, stateDir: string) {
    this.root = path.join(stateDir, 'documents');
  }

  /** Whether a message is indexed, by its de-duplication key (`dedupeKey`). */
  has(profile: string, key: string): boolean {
    return statement(this.db, 'SELECT 1 FROM sync_documents WHERE profile = ? AND message_id = ?').get(profile, key) !== undefined;
  }

  /**
   * Writes the file (outside any transaction) as soon as a message is fetched; returns the
   * small part `index` needs, so a round keeps no MIME source in memory until it commits.
   */
  writeFile(mime: Buffer): StoredFile {
    const sha256 = createHash('sha256').update(mime).digest('hex');
    const dir = path.join(this.root, sha256.slice(0, 2));
    const file = path.join(dir, `${sha256}.eml`);
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.tmp`;
      const fd = openSync(temp, 'w', 0o600);
      try {
        writeSync(fd, mime);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, file);
    }
    return { sha256, file, size: mime.length };
  }

  /** Adds the index row; false when the Message-ID is already indexed (then nothing changes). */
  index(row: { profile: string; mailbox: string; folderPath: string; remoteId: string; summary: MessageSummary } & StoredFile): boolean {
    const key = dedupeKey(row.summary.internetMessageId, row.sha256);
    const s = row.summary;
    const result = statement(this.db, `INSERT OR IGNORE INTO sync_documents (profile, mailbox, folder_path, message_id, remote_id, subject, sender, received_at, size, sha256, file)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(row.profile, row.mailbox, row.folderPath, key, row.remoteId, s.subject ?? null, s.from ?? null, s.receivedAt ?? null, row.size, row.sha256, path.relative(this.root, row.file));
    return result.changes > 0;
  }

  /**
   * Removes a file `index` refused when no index row of any profile names its content: two
   * mailboxes (a staff member's and a shared one) can fetch one message at the same moment,
   * with headers that differ, and only the first copy is kept. Files are shared by content
   * hash, so a file another row uses stays.
   */
  discardUnindexed(file: StoredFile): boolean {
    if (statement(this.db, 'SELECT 1 FROM sync_documents WHERE sha256 = ?').get(file.sha256) !== undefined) return false;
    rmSync(file.file, { force: true });
    return true;
  }

  list(profile: string, limit = 1000): DocumentRow[] {
    const rows = statement(this.db, 'SELECT * FROM sync_documents WHERE profile = ? ORDER BY id LIMIT ?').all(profile, limit) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      id: Number(r.id), profile: String(r.profile), mailbox: String(r.mailbox), folderPath: String(r.folder_path), messageId: String(r.message_id),
      subject: (r.subject as string | null) ?? null, sender: (r.sender as string | null) ?? null, receivedAt: (r.received_at as string | null) ?? null,
      size: Number(r.size), sha256: String(r.sha256), file: path.join(this.root, String(r.file)),
    }));
  }
}
