// The lab's Exchange on-prem surface driven by the real ews-javascript-api 0.15.3 (issue #3
// "Done when"): Basic and NTLM logons, SyncFolderItems paging, the appointment lifecycle
// with a stale ChangeKey, impersonation allowed and denied, CalendarView, MimeContent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../../fixtures/lab/lab.js';
import { failure, runEwsClient, value, type EwsJob } from './ews-client.js';

let lab: RunningLab;
let service: { user: string; password: string; domain: string; mailbox: string };
let staff: { user: string; password: string; domain: string; mailbox: string };

beforeAll(async () => {
  lab = await startLab({ seed: 7 });
  const [svc, first] = lab.document.accounts;
  service = svc!;
  staff = first!;
});
afterAll(async () => { await lab?.stop(); });

function job(auth: EwsJob['auth'], steps: EwsJob['steps'], impersonate?: string): EwsJob {
  return { url: lab.document.ews.url, auth, steps, ...(impersonate ? { impersonate } : {}) };
}
const basic = (a: { user: string; password: string; domain: string }): EwsJob['auth'] => ({ mode: 'basic', user: `${a.domain}\\${a.user}`, password: a.password });
const ntlm = (a: { user: string; password: string; domain: string }): EwsJob['auth'] => ({ mode: 'ntlm', user: `${a.domain}\\${a.user}`, password: a.password });

describe('EWS logon', () => {
  it('gets the Inbox with Basic authentication and reports an Exchange 2019 build', async () => {
    const [inbox] = await runEwsClient(job(basic(staff), [{ scenario: 'bindInbox' }]), lab.document.caFile);
    const v = value<{ displayName: string; totalCount: number; serverVersion: string; schema: string }>(inbox);
    expect(v.displayName).toBe('Inbox');
    const mailbox = lab.context.model.findMailbox(staff.mailbox)!;
    expect(v.totalCount).toBe(lab.context.model.itemCount(lab.context.model.wellKnownFolder(mailbox.id, 'inbox').id));
    expect(v.serverVersion).toBe('15.2.1544.4');
    expect(v.schema).toBe('V2017_07_11');
  });

  it('gets the Inbox with NTLM (NTLMv2 verified against the password) on one keep-alive connection', async () => {
    const [inbox] = await runEwsClient(job(ntlm(staff), [{ scenario: 'bindInbox' }]), lab.document.caFile);
    expect(value<{ displayName: string }>(inbox).displayName).toBe('Inbox');
  });

  it('refuses an NTLM logon with a wrong password (HTTP 401)', async () => {
    const [inbox] = await runEwsClient(job({ ...ntlm(staff), password: 'not-the-password' }, [{ scenario: 'bindInbox' }]), lab.document.caFile);
    expect(failure(inbox).httpStatus).toBe(401);
  });
});

describe('SyncFolderItems', () => {
  it('pages through a folder to IncludesLastItemInRange, then sees only new changes', async () => {
    const mailbox = lab.context.model.findMailbox(staff.mailbox)!;
    const inboxId = lab.context.model.wellKnownFolder(mailbox.id, 'inbox').id;
    const total = lab.context.model.itemCount(inboxId);
    expect(total).toBeGreaterThan(6);
    const [first] = await runEwsClient(job(basic(staff), [{ scenario: 'syncFolder', folder: 'inbox', pageSize: 3 }]), lab.document.caFile);
    const sync = value<{ pages: Array<{ count: number; moreAvailable: boolean; Create: number }>; distinctItems: number; syncState: string }>(first);
    expect(sync.pages.length).toBe(Math.ceil(total / 3));
    expect(sync.pages.slice(0, -1).every((p) => p.count === 3 && p.moreAvailable)).toBe(true);
    expect(sync.pages.at(-1)?.moreAvailable).toBe(false);
    expect(sync.distinctItems).toBe(total);

    // A change on the server shows up as exactly one Update in the next round.
    const someItem = lab.context.model.items(inboxId)[0]!;
    lab.context.model.updateItem(someItem.id, { subject: 'Changed on the server' });
    const [next] = await runEwsClient(job(basic(staff), [{ scenario: 'syncFolder', folder: 'inbox', pageSize: 3, syncState: sync.syncState }]), lab.document.caFile);
    const again = value<{ pages: Array<{ count: number; Update: number; moreAvailable: boolean }> }>(next);
    expect(again.pages).toEqual([expect.objectContaining({ count: 1, Update: 1, moreAvailable: false })]);
  });

  it('rejects a tampered SyncState with ErrorInvalidSyncStateData', async () => {
    const [first] = await runEwsClient(job(basic(staff), [{ scenario: 'syncFolder', folder: 'inbox', pageSize: 512 }]), lab.document.caFile);
    const state = value<{ syncState: string }>(first).syncState;
    const tampered = Buffer.from(state, 'base64');
    const at = tampered.length - 3;
    tampered[at] = (tampered[at] ?? 0) ^ 0x01;
    const [bad] = await runEwsClient(job(basic(staff), [{ scenario: 'syncFolder', folder: 'inbox', pageSize: 10, syncState: tampered.toString('base64') }]), lab.document.caFile);
    expect(failure(bad).code).toBe('ErrorInvalidSyncStateData');
  });
});

describe('appointments', () => {
  it('creates, updates (stale ChangeKey → ErrorIrresolvableConflict) and deletes an appointment', async () => {
    // Whole minutes: Exchange stores calendar times to the second, the client sends milliseconds.
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 2 * 86_400_000).toISOString();
    const [result] = await runEwsClient(job(ntlm(staff), [{ scenario: 'appointmentLifecycle', subject: 'Lab lifecycle', start, externalId: 'mb-42' }]), lab.document.caFile);
    const v = value<{
      created: { id: string; changeKey: string }; foundByExternalId: string[]; ext: string[]; withoutSendMode: { code: string } | null; afterUpdate: { changeKey: string };
      staleAutoResolve: { code: string } | null; staleNeverOverwrite: { code: string } | null;
      state: { subject: string; start: string; location: string }; afterDelete: { code: string } | null;
    }>(result);
    expect(v.ext).toEqual(['mb-42']);
    // FindItem with a Restriction on the extended property finds exactly this appointment.
    expect(v.foundByExternalId).toEqual([v.created.id]);
    // Exchange requires SendMeetingInvitationsOrCancellations on calendar updates.
    expect(v.withoutSendMode?.code).toBe('ErrorSendMeetingInvitationsOrCancellationsRequired');
    expect(v.afterUpdate.changeKey).not.toBe(v.created.changeKey);
    // The stale copy edits the subject the first update changed: AutoResolve cannot merge that.
    expect(v.staleAutoResolve?.code).toBe('ErrorIrresolvableConflict');
    // NeverOverwrite refuses any stale change key, even for a property nobody else touched.
    expect(v.staleNeverOverwrite?.code).toBe('ErrorIrresolvableConflict');
    expect(v.state).toEqual({ subject: 'Lab lifecycle (moved)', start: new Date(Date.parse(start) + 7_200_000).toISOString(), location: 'Room 1' });
    expect(v.afterDelete?.code).toBe('ErrorItemNotFound');
    expect(lab.context.model.getItem(v.created.id)).toBeUndefined();
  });

  it('expands recurring series in a CalendarView and refuses a range over two years', async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 14 * 86_400_000).toISOString();
    const [view, tooBig] = await runEwsClient(job(basic(staff), [
      { scenario: 'calendarView', from, to, max: 500 },
      { scenario: 'calendarView', from, to: new Date(Date.now() + 800 * 86_400_000).toISOString(), max: 500 },
    ]), lab.document.caFile);
    const v = value<{ count: number; types: string[]; starts: string[] }>(view);
    expect(v.count).toBeGreaterThan(0);
    expect(v.types).toContain('Occurrence');
    expect([...v.starts].sort()).toEqual(v.starts);
    expect(failure(tooBig).code).toBe('ErrorCalendarViewRangeTooBig');
  });
});

describe('impersonation', () => {
  it('lets the service account act as a staff mailbox (role table)', async () => {
    const [inbox, folders] = await runEwsClient(job(basic(service), [{ scenario: 'bindInbox' }, { scenario: 'findFolders' }], staff.mailbox), lab.document.caFile);
    const mailbox = lab.context.model.findMailbox(staff.mailbox)!;
    expect(value<{ id: string }>(inbox).id).toBe(lab.context.model.wellKnownFolder(mailbox.id, 'inbox').id);
    expect(value<{ names: string[] }>(folders).names).toEqual(expect.arrayContaining(['Inbox', 'Sent Items', 'Calendar']));
    expect(lab.context.stats.snapshot().requests.byMailbox[staff.mailbox]).toBeGreaterThan(0);
  });

  it('denies a staff account impersonating another mailbox: ErrorImpersonateUserDenied', async () => {
    const other = lab.document.accounts[2]!;
    const [denied] = await runEwsClient(job(basic(staff), [{ scenario: 'bindInbox' }], other.mailbox), lab.document.caFile);
    const error = failure(denied);
    expect(error.code).toBe('ErrorImpersonateUserDenied');
    expect(error.httpStatus).toBe(500);
  });
});

describe('items and directory', () => {
  it('returns MimeContent for a message, resolves a name and converts an id', async () => {
    const [mime, names, converted] = await runEwsClient(job(basic(staff), [
      { scenario: 'getMessageMime' }, { scenario: 'resolveName', name: staff.mailbox }, { scenario: 'convertId', mailbox: staff.mailbox },
    ]), lab.document.caFile);
    const c = value<{ original: string; hex: string; back: string; format: string }>(converted);
    expect(c.hex).toMatch(/^[0-9A-F]+$/);
    expect(c).toMatchObject({ back: c.original, format: 'EwsId' });
    const m = value<{ subject: string; mime: string }>(mime);
    expect(m.mime).toContain(`Subject: ${m.subject}`);
    expect(m.mime).toContain('MIME-Version: 1.0');
    expect(value<{ addresses: string[] }>(names).addresses).toEqual([staff.mailbox]);
  });
});
