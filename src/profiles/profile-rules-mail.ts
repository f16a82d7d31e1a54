/**
 * Validation rules of the mail selection, shared by the on-premises (EWS) and online (Graph)
 * profiles, as a table: folder depth and empty folder names (O365-3), shared mailbox
 * addresses and duplicates (O365-4).
 */
import { isEmailAddress } from './email-address.js';
import type { MailSelection } from './mail-selection-fields.js';
import type { ProfileRule } from './profile-issue.js';

/** O365-3: folders are read down to this many levels. */
export const MAX_FOLDER_DEPTH = 5;

const q = (value: unknown): string => JSON.stringify(value);

/** Folder path segments, `/`-separated; empty segments are kept so a rule can name them. */
export function folderSegments(folder: string): string[] {
  return folder.replace(/^\/+|\/+$/g, '').split('/');
}

export const MAIL_SELECTION_RULES: readonly ProfileRule<MailSelection>[] = [
  {
    code: 'MB_FOLDER_TOO_DEEP',
    rule: 'O365-3',
    severity: 'error',
    path: 'mail.folders',
    test: (p) =>
      p.mail.folders.flatMap((folder, i) => {
        const depth = folderSegments(folder).length;
        return depth > MAX_FOLDER_DEPTH ? [{ path: `mail.folders[${i}]`, detail: { value: folder, depth } }] : [];
      }),
    problem: (h) => `${q(h.detail?.value)} is ${h.detail?.depth} levels deep; folders are read down to ${MAX_FOLDER_DEPTH} levels`,
    fix: `select a folder at most ${MAX_FOLDER_DEPTH} levels deep (e.g. "Inbox/Clients/Acme")`,
  },
  {
    code: 'MB_FOLDER_PATH_INVALID',
    rule: 'O365-3',
    severity: 'error',
    path: 'mail.folders',
    test: (p) =>
      p.mail.folders.flatMap((folder, i) =>
        folderSegments(folder).some((s) => s.trim().length === 0) ? [{ path: `mail.folders[${i}]`, detail: { value: folder } }] : [],
      ),
    problem: (h) => `${q(h.detail?.value)} has an empty folder name`,
    fix: 'write folder paths as names separated by single slashes, e.g. "Inbox/Clients"',
  },
  {
    code: 'MB_SHARED_MAILBOX_ADDRESS_INVALID',
    rule: 'O365-4',
    severity: 'error',
    path: 'sharedMailboxes',
    test: (p) =>
      p.sharedMailboxes.flatMap((address, i) => (isEmailAddress(address.trim()) ? [] : [{ path: `sharedMailboxes[${i}]`, detail: { value: address } }])),
    problem: (h) => `${q(h.detail?.value)} is not an e-mail address`,
    fix: 'add a shared mailbox by its address, e.g. info@example.com (no password: the rights of the account the profile signs in with — the EWS sync account or the Microsoft 365 sign-in — are used)',
  },
  {
    code: 'MB_SHARED_MAILBOX_DUPLICATE',
    rule: 'O365-4',
    severity: 'warning',
    path: 'sharedMailboxes',
    test: (p) =>
      p.sharedMailboxes.flatMap((address, i) =>
        p.sharedMailboxes.findIndex((other) => other.trim().toLowerCase() === address.trim().toLowerCase()) < i
          ? [{ path: `sharedMailboxes[${i}]`, detail: { value: address } }]
          : [],
      ),
    problem: (h) => `${q(h.detail?.value)} is listed twice`,
    fix: 'list each shared mailbox once',
  },
];
