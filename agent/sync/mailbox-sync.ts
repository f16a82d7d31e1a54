/**
 * One mailbox's sync: the item folders in turn (calendar, contacts, tasks, as the
 * profile's export/import options call for them), then mail ingestion for the selected
 * folders (staff) or every folder (shared mailboxes, O365-4). A failing folder is
 * recorded and the next one still runs; the mailbox's last attempt and result are kept
 * per user (EX-15). Folders of one mailbox run one after another, which keeps the
 * mailbox far below the servers' per-mailbox concurrency limits. On shutdown
 * (ctx.shouldStop) the folder in progress finishes and the remaining ones are left for
 * the next run (issue #8).
 */
import { TRACKED_ITEM_FOLDERS } from './item-kinds.js';
import { folderInUse, syncItemFolder } from './item-folder-sync.js';
import { ingestFolder, ingestionFolders, isFolderGone } from './mail-ingestion.js';
import { syncErrorEntry, type SyncErrorEntry } from './sync-error.js';
import { call, type MailboxSyncContext } from './sync-context.js';
import { confirmationMail } from './sync-notices.js';

export type MailboxRoleInRun = 'staff' | 'shared';

export interface MailboxOutcome {
  mailbox: string;
  errors: SyncErrorEntry[];
  /** Shutdown came before every folder was synced. */
  stopped: boolean;
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

/** EX-15: a newly enabled staff member gets the confirmation once, after the first good sync. */
async function confirmOnce(ctx: MailboxSyncContext): Promise<void> {
  const { books, options, mailbox } = ctx;
  if (books.isConfirmed(options.profile, mailbox)) return;
  try {
    await call(ctx, (c) => c.sendMail(mailbox, confirmationMail(options.profile, mailbox)));
    books.markConfirmed(options.profile, mailbox);
  } catch (error) {
    // Not a sync failure: the next good sync tries again.
    ctx.progress({ runId: ctx.runId, profile: options.profile, mailbox, folder: 'confirmation', phase: 'failed', error: error instanceof Error ? error.message : String(error) });
  }
}

export async function syncMailbox(ctx: MailboxSyncContext, role: MailboxRoleInRun, ingestMail: boolean): Promise<MailboxOutcome> {
  const errors: SyncErrorEntry[] = [];
  const { books, options, mailbox } = ctx;
  const previousResult = books.userLastResult(options.profile, mailbox);
  books.userAttempt(options.profile, mailbox);
  let stopped = false;
  const stopNow = (): boolean => (stopped ||= ctx.shouldStop?.() === true);
  if (role === 'staff') {
    for (const facts of TRACKED_ITEM_FOLDERS) {
      if (stopNow()) break;
      if (folderInUse(ctx.options, facts)) await step(ctx, facts.folder, errors, () => syncItemFolder(ctx, facts));
    }
  }
  if (ingestMail && !stopNow()) {
    try {
      const folders = await ingestionFolders(ctx, role);
      for (const folder of folders) {
        if (stopNow()) break;
        await step(ctx, folder.path, errors, async () => {
          try {
            await ingestFolder(ctx, folder);
          } catch (error) {
            // A folder deleted or renamed away: resolve the selection again next time.
            if (isFolderGone(error)) books.forgetFolders(options.profile, mailbox);
            throw error;
          }
        });
      }
    } catch (error) {
      errors.push(syncErrorEntry(error, mailbox, 'mail folders'));
    }
  }
  // A stop with nothing failed is no success: the mailbox keeps its last finished result.
  if (stopped && errors.length === 0) books.userStopped(options.profile, mailbox, previousResult);
  else books.userResult(options.profile, mailbox, errors.length === 0 ? null : errors);
  if (role === 'staff' && errors.length === 0 && !stopped) await confirmOnce(ctx);
  return { mailbox, errors, stopped };
}
