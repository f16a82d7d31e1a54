/**
 * The mails the engine sends, as pure functions: the EX-15 confirmation a staff member gets
 * the first time their mailbox syncs (they were enabled explicitly; this tells them what
 * now happens to their calendar, contacts and tasks), and the EX-11 failure notice to the
 * profile's notification addresses when a run fails after one that did not. Secrets and
 * raw server answers never go into these mails: codes, causes and fixes only.
 */
import type { OutgoingMail } from '../connectors/connector.js';
import type { SyncSummary } from '../../src/protocol/schemas/sync-schemas.js';

/** EX-11: addresses separated by semicolons (commas and blanks tolerated). */
export function notificationAddresses(value: string): string[] {
  return [...new Set(value.split(/[;,\s]+/).map((a) => a.trim()).filter((a) => a.includes('@')))];
}

export function confirmationMail(profile: string, mailbox: string): OutgoingMail {
  return {
    to: [mailbox],
    subject: 'Your mailbox is now connected to the business application',
    body: [
      `Hello,`,
      '',
      `your mailbox ${mailbox} has been enabled for synchronisation (profile "${profile}").`,
      'From now on:',
      '- appointments and service calls planned for you appear in your calendar;',
      '- contacts you manage appear in your contacts;',
      '- to-dos are kept in step between the application and your tasks.',
      '',
      'Change such items where you like: changes travel both ways on the next sync (every 10 minutes or more).',
      'Deleting an item deletes it on the other side too. Appointments are written without sending invitations.',
      '',
      'If this is unexpected, ask your administrator to disable the connector for your mailbox.',
    ].join('\n'),
  };
}

/** Whether a failure notice is due: this run failed and the previous one did not (no mail every interval). */
export function failureNoticeDue(summary: SyncSummary, previousOutcome: string | null): boolean {
  return summary.errors.length > 0 && previousOutcome !== 'failed' && previousOutcome !== 'partial';
}

export function failureNotice(summary: SyncSummary, to: string[]): OutgoingMail {
  const lines = summary.errors.slice(0, 20).map((e) => {
    const fix = e.diagnosis?.fix[0] ? `\n    fix: ${e.diagnosis.fix[0]}` : '';
    return `- ${e.mailbox}${e.folder ? ` (${e.folder})` : ''}: ${e.code}: ${e.diagnosis?.cause ?? e.message}${fix}`;
  });
  return {
    to,
    subject: `mailbridge: sync of "${summary.profile}" failed for ${new Set(summary.errors.map((e) => e.mailbox)).size} mailbox(es)`,
    body: [
      `The sync of profile "${summary.profile}" reported ${summary.errors.length} error(s):`,
      '',
      ...lines,
      ...(summary.errors.length > 20 ? [`… and ${summary.errors.length - 20} more.`] : []),
      '',
      `Details: mailbridge sync ${summary.profile} --once, or the console. You get this mail again only after a sync has succeeded in between.`,
    ].join('\n'),
  };
}
