/**
 * One mailbox's sync: the item folders in turn (calendar, contacts, tasks, as the
 * profile's export/import options call for them), then mail ingestion for the selected
 * folders (staff) or every folder (shared mailboxes, O365-4). A failing folder is
 * recorded and the next one still runs; the mailbox's last attempt and result are kept
 * per user (EX-15). Folders of one mailbox run one after another, which keeps the
 * mailbox far below the servers' per-mailbox concurrency limits.
 */
import { TRACKED_ITEM_FOLDERS } from './item-kinds.js';
import { folderInUse, syncItemFolder } from './item-folder-sync.js';
import { ingestFolder, ingestionFolders } from './mail-ingestion.js';
import { syncErrorEntry, type SyncErrorEntry } from './sync-error.js';
import type { MailboxSyncContext } from './sync-context.js';

export type MailboxRoleInRun = 'staff' | 'shared';

export interface MailboxOutcome {
  mailbox: string;
  errors: SyncErrorEntry[];
}

async function step(ctx: MailboxSyncContext, folder: string, errors: SyncErrorEntry[], work: () => Promise<void>): Promise<void> {
  const base = { runId: ctx.runId, profile: ctx.options.profile, mailbox: ctx.mailbox, folder };
  ctx.progress({ ...base, phase: 'started' });
  try {
    await work();
    ctx.progress({ ...base, phase: 'finished', counts: { ...ctx.counts } });
  } catch (error) {
    const entry = syncErrorEntry(error, ctx.mailbox, folder);
    errors.push(entry);
    ctx.progress({ ...base, phase: 'failed', error: `${entry.code}: ${entry.message}` });
  }
}

export async function syncMailbox(ctx: MailboxSyncContext, role: MailboxRoleInRun, ingestMail: boolean): Promise<MailboxOutcome> {
  const errors: SyncErrorEntry[] = [];
  const { books, options, mailbox } = ctx;
  books.userAttempt(options.profile, mailbox);
  if (role === 'staff') {
    for (const facts of TRACKED_ITEM_FOLDERS) {
      if (folderInUse(ctx, facts)) await step(ctx, facts.folder, errors, () => syncItemFolder(ctx, facts));
    }
  }
  if (ingestMail) {
    try {
      const folders = await ingestionFolders(ctx, role);
      for (const folder of folders) await step(ctx, folder.path, errors, () => ingestFolder(ctx, folder));
    } catch (error) {
      errors.push(syncErrorEntry(error, mailbox, 'mail folders'));
    }
  }
  books.userResult(options.profile, mailbox, errors.length === 0 ? null : errors);
  return { mailbox, errors };
}
