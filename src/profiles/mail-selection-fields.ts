/**
 * The mail-ingestion fields both profile kinds carry (O365-3, O365-4): the folder selection
 * (`/`-separated paths, at most 5 levels deep, Sent Items when chosen) and the shared
 * mailboxes read in full. One definition so EWS (on-premises) and Graph (online) profiles
 * select mail the same way; only the default selection differs per kind (see the callers).
 *
 * Shape, types and defaults only: depth, empty names and addresses are checked by the rule
 * table in profile-rules-mail.ts so each finding names its rule ID and fix.
 */
import { z } from 'zod';

/** The `mail` and `sharedMailboxes` fields, spread into a profile schema; `defaultFolders` when `mail.folders` is absent. */
export function mailSelectionFields(defaultFolders: readonly string[]) {
  return {
    /** O365-3: folders to read, `/`-separated paths, at most 5 levels deep. */
    mail: z
      .strictObject({
        folders: z.array(z.string()).default(() => [...defaultFolders]),
        includeSentItems: z.boolean().default(false),
      })
      .prefault({}),
    /** O365-4: shared mailboxes by address; no password, no folder selection. */
    sharedMailboxes: z.array(z.string()).default([]),
  };
}

/** What ingestion and the mail rules read from a profile of either kind. */
export interface MailSelection {
  mail: { folders: string[]; includeSentItems: boolean };
  sharedMailboxes: string[];
}
