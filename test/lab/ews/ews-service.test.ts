// The SOAP service behind /EWS/Exchange.asmx, called with raw envelopes (no HTTP): the
// protocol rules that are awkward to reach through the client library — version handling,
// conflict-resolution modes, ReadFlagChange, schema limits, CalendarView limits, invitations.
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EwsAccount, EwsFault, EwsLabContext } from '../../../fixtures/lab/ews/ews-context.js';
import { EwsSoapService } from '../../../fixtures/lab/ews/ews-service.js';
import { DEFAULT_EWS_THROTTLING } from '../../../fixtures/lab/ews/lab-adapter.js';
import { descendant, parseXml, type XmlNode } from '../../../fixtures/lab/ews/xml.js';
import { generateLabData } from '../../../fixtures/lab/model/generate.js';
import type { LabModel } from '../../../fixtures/lab/model/lab-model.js';
import type { Mailbox } from '../../../fixtures/lab/model/types.js';

const NS = 'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"';
const ALLOW = { ok: true as const, release: () => undefined };

let model: LabModel;
let service: EwsSoapService;
let account: EwsAccount;
let mailbox: Mailbox;
const faults = new Set<EwsFault>();

beforeEach(() => {
  const data = generateLabData({ seed: 5 });
  model = data.model;
  mailbox = data.userMailboxes[0]!;
  account = { user: mailbox.alias, domain: 'LAB', upn: mailbox.primarySmtp, password: 'x', mailboxId: mailbox.id };
  faults.clear();
  const lab: EwsLabContext = {
    model, accounts: () => [account], mayImpersonate: () => false, isFaultOn: (f) => faults.has(f), recordStats: () => undefined,
    throttling: DEFAULT_EWS_THROTTLING, syncStateSecret: randomBytes(32), now: () => Date.now(),
    ntlmIdentity: { netbiosDomain: 'LAB', netbiosComputer: 'EXCH01', dnsDomain: 'lab.test', dnsComputer: 'exch01.lab.test' },
  };
  service = new EwsSoapService(lab);
});

function call(body: string, version = 'Exchange2016'): { status: number; root: XmlNode } {
  const xml = `<soap:Envelope ${NS}><soap:Header><t:RequestServerVersion Version="${version}"/></soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`;
  const result = service.handle(account, xml, ALLOW);
  return { status: result.status, root: parseXml(result.body) };
}
const code = (root: XmlNode): string | undefined => descendant(root, 'ResponseCode')?.text;

function createEvent(subject: string): { id: string; changeKey: string } {
  const { root } = call(`<m:CreateItem SendMeetingInvitations="SendToNone"><m:SavedItemFolderId><t:DistinguishedFolderId Id="calendar"/></m:SavedItemFolderId><m:Items><t:CalendarItem><t:Subject>${subject}</t:Subject><t:Start>2026-12-01T09:00:00Z</t:Start><t:End>2026-12-01T10:00:00Z</t:End><t:Location>A</t:Location></t:CalendarItem></m:Items></m:CreateItem>`);
  const id = descendant(root, 'ItemId')!;
  return { id: id.attrs.Id!, changeKey: id.attrs.ChangeKey! };
}

function update(id: string, changeKey: string, mode: string, field: string, element: string): XmlNode {
  return call(`<m:UpdateItem ConflictResolution="${mode}" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange><t:ItemId Id="${id}" ChangeKey="${changeKey}"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="${field}"/><t:CalendarItem>${element}</t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`).root;
}

describe('RequestServerVersion', () => {
  it('answers in the requested schema and refuses an unknown version with ErrorInvalidServerVersion', () => {
    const ok = call('<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>', 'Exchange2010_SP2');
    expect(descendant(ok.root, 'ServerVersionInfo')?.attrs).toMatchObject({ MajorVersion: '15', MinorVersion: '2', Version: 'Exchange2010_SP2' });
    const bad = call('<m:GetFolder/>', 'Exchange2099');
    expect(bad.status).toBe(500);
    expect(descendant(bad.root, 'faultcode')?.text).toBe('a:ErrorInvalidServerVersion');
  });
});

describe('UpdateItem conflict resolution', () => {
  it('AutoResolve merges a stale update that touches a property the server did not change', () => {
    const { id, changeKey } = createEvent('Planning');
    expect(code(update(id, changeKey, 'AutoResolve', 'item:Subject', '<t:Subject>Planning v2</t:Subject>'))).toBe('NoError');
    expect(code(update(id, changeKey, 'AutoResolve', 'calendar:Location', '<t:Location>B</t:Location>'))).toBe('NoError');
    expect(model.getItem(id)).toMatchObject({ subject: 'Planning v2', location: 'B' });
  });

  it('AutoResolve and NeverOverwrite refuse a conflicting stale update; AlwaysOverwrite applies it', () => {
    const { id, changeKey } = createEvent('Review');
    update(id, changeKey, 'AutoResolve', 'item:Subject', '<t:Subject>Review v2</t:Subject>');
    expect(code(update(id, changeKey, 'AutoResolve', 'item:Subject', '<t:Subject>Mine</t:Subject>'))).toBe('ErrorIrresolvableConflict');
    expect(code(update(id, changeKey, 'NeverOverwrite', 'calendar:Location', '<t:Location>C</t:Location>'))).toBe('ErrorIrresolvableConflict');
    expect(code(update(id, changeKey, 'AlwaysOverwrite', 'item:Subject', '<t:Subject>Mine</t:Subject>'))).toBe('NoError');
    expect(model.getItem(id)?.subject).toBe('Mine');
  });
});

describe('SyncFolderItems', () => {
  const sync = (state: string, max = 512, folder = 'inbox'): XmlNode => call(`<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="${folder}"/></m:SyncFolderId>${state ? `<m:SyncState>${state}</m:SyncState>` : ''}<m:MaxChangesReturned>${max}</m:MaxChangesReturned></m:SyncFolderItems>`).root;

  it('reports an IsRead flip as ReadFlagChange and other edits as Update', () => {
    const state = descendant(sync(''), 'SyncState')!.text;
    const [a, b] = model.items(model.wellKnownFolder(mailbox.id, 'inbox').id);
    model.updateItem(a!.id, { isRead: !(a as { isRead: boolean }).isRead });
    model.updateItem(b!.id, { subject: 'Edited' });
    const changes = descendant(sync(state), 'Changes')!.children;
    expect(changes.map((c) => c.name).sort()).toEqual(['ReadFlagChange', 'Update']);
    const flag = changes.find((c) => c.name === 'ReadFlagChange')!;
    expect(descendant(flag, 'ItemId')?.attrs.Id).toBe(a!.id);
    expect(descendant(flag, 'IsRead')?.text).toBe(String(!(a as { isRead: boolean }).isRead));
  });

  it('refuses MaxChangesReturned over 512 (schema) and a SyncState of another folder', () => {
    const tooMany = call('<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="inbox"/></m:SyncFolderId><m:MaxChangesReturned>513</m:MaxChangesReturned></m:SyncFolderItems>');
    expect(tooMany.status).toBe(500);
    expect(descendant(tooMany.root, 'ResponseCode')?.text).toBe('ErrorSchemaValidation');
    const calendarState = descendant(sync('', 512, 'calendar'), 'SyncState')!.text;
    expect(code(sync(calendarState))).toBe('ErrorInvalidSyncStateData');
  });
});

describe('CalendarView limits', () => {
  it('answers ErrorExceededFindCountLimit when an unbounded view would return more than 1000 entries', () => {
    for (const subject of ['Daily A', 'Daily B']) {
      const { root } = call(`<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>${subject}</t:Subject><t:Start>2026-01-01T08:00:00Z</t:Start><t:End>2026-01-01T08:15:00Z</t:End><t:Recurrence><t:DailyRecurrence><t:Interval>1</t:Interval></t:DailyRecurrence><t:NoEndRecurrence><t:StartDate>2026-01-01Z</t:StartDate></t:NoEndRecurrence></t:Recurrence></t:CalendarItem></m:Items></m:CreateItem>`);
      expect(code(root)).toBe('NoError');
    }
    const view = (max: string): XmlNode => call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:CalendarView ${max} StartDate="2026-01-01T00:00:00Z" EndDate="2027-12-01T00:00:00Z"/><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>`).root;
    expect(code(view(''))).toBe('ErrorExceededFindCountLimit');
    const bounded = view('MaxEntriesReturned="50"');
    expect(code(bounded)).toBe('NoError');
    expect(descendant(bounded, 'RootFolder')?.attrs.IncludesLastItemInRange).toBe('false');
    expect(descendant(bounded, 'Items')?.children).toHaveLength(50);
  });
});

describe('CreateItem SendMeetingInvitations', () => {
  it('requires SendMeetingInvitations for calendar items', () => {
    const { root } = call('<m:CreateItem><m:Items><t:CalendarItem><t:Subject>x</t:Subject><t:Start>2026-12-02T09:00:00Z</t:Start><t:End>2026-12-02T10:00:00Z</t:End></t:CalendarItem></m:Items></m:CreateItem>');
    expect(code(root)).toBe('ErrorSendMeetingInvitationsRequired');
  });

  it('sends no request with SendToNone and one per lab attendee otherwise', () => {
    const attendee = model.mailboxes().find((m) => m.kind === 'user' && m.id !== mailbox.id)!;
    const inboxCount = (): number => model.itemCount(model.wellKnownFolder(attendee.id, 'inbox').id);
    const before = inboxCount();
    const create = (mode: string): void => {
      const { root } = call(`<m:CreateItem SendMeetingInvitations="${mode}"><m:Items><t:CalendarItem><t:Subject>Sync meeting</t:Subject><t:Start>2026-12-02T09:00:00Z</t:Start><t:End>2026-12-02T10:00:00Z</t:End><t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>${attendee.primarySmtp}</t:EmailAddress></t:Mailbox></t:Attendee></t:RequiredAttendees></t:CalendarItem></m:Items></m:CreateItem>`);
      expect(code(root)).toBe('NoError');
    };
    create('SendToNone');
    expect(inboxCount()).toBe(before);
    create('SendToAllAndSaveCopy');
    expect(inboxCount()).toBe(before + 1);
  });
});

describe('recurring series', () => {
  it('addresses occurrences by occurrence id: update makes an exception, delete removes one, RecurringMasterItemId finds the series', () => {
    const { root } = call('<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>Weekly sync</t:Subject><t:Start>2026-12-07T09:00:00Z</t:Start><t:End>2026-12-07T09:30:00Z</t:End><t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek><t:FirstDayOfWeek>Monday</t:FirstDayOfWeek></t:WeeklyRecurrence><t:NumberedRecurrence><t:StartDate>2026-12-07Z</t:StartDate><t:NumberOfOccurrences>4</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence></t:CalendarItem></m:Items></m:CreateItem>');
    const masterId = descendant(root, 'ItemId')!.attrs.Id!;
    const view = (): XmlNode[] => descendant(call('<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:CalendarView StartDate="2026-12-01T00:00:00Z" EndDate="2027-01-31T00:00:00Z"/><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>').root, 'Items')!
      .children.filter((c) => descendant(c, 'Subject')?.text.startsWith('Weekly sync'));
    const occurrences = view();
    expect(occurrences.map((o) => descendant(o, 'Start')?.text)).toEqual(['2026-12-07T09:00:00Z', '2026-12-14T09:00:00Z', '2026-12-21T09:00:00Z', '2026-12-28T09:00:00Z']);
    expect(occurrences.every((o) => descendant(o, 'CalendarItemType')?.text === 'Occurrence')).toBe(true);
    const second = descendant(occurrences[1], 'ItemId')!.attrs;
    const third = descendant(occurrences[2], 'ItemId')!.attrs;

    expect(code(update(second.Id!, second.ChangeKey!, 'AutoResolve', 'calendar:Start', '<t:Start>2026-12-15T13:00:00Z</t:Start><t:End>2026-12-15T13:30:00Z</t:End>'))).toBe('NoError');
    expect(code(call(`<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="SendToNone"><m:ItemIds><t:ItemId Id="${third.Id}"/></m:ItemIds></m:DeleteItem>`).root)).toBe('NoError');
    const after = view();
    expect(after.map((o) => `${descendant(o, 'Start')?.text} ${descendant(o, 'CalendarItemType')?.text}`)).toEqual([
      '2026-12-07T09:00:00Z Occurrence', '2026-12-15T13:00:00Z Exception', '2026-12-28T09:00:00Z Occurrence',
    ]);

    const master = call(`<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds><t:RecurringMasterItemId OccurrenceId="${second.Id}"/></m:ItemIds></m:GetItem>`).root;
    expect(descendant(master, 'ItemId')?.attrs.Id).toBe(masterId);
    expect(descendant(master, 'CalendarItemType')?.text).toBe('RecurringMaster');
    expect(descendant(master, 'ModifiedOccurrences')?.children).toHaveLength(1);
    expect(descendant(master, 'DeletedOccurrences')?.children).toHaveLength(1);
  });
});

describe('FindItem restrictions', () => {
  it('filters with And/Contains/IsGreaterThan, sorts by SortOrder, and refuses an unsupported path', () => {
    const inbox = model.items(model.wellKnownFolder(mailbox.id, 'inbox').id);
    const target = inbox[2]!;
    model.updateItem(target.id, { subject: 'Quarterly Invoice 2026' });
    const find = (restriction: string, sort = ''): XmlNode => call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="100" Offset="0" BasePoint="Beginning"/><m:Restriction>${restriction}</m:Restriction>${sort}<m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds></m:FindItem>`).root;
    const found = find('<t:And><t:Contains ContainmentMode="Substring" ContainmentComparison="IgnoreCase"><t:FieldURI FieldURI="item:Subject"/><t:Constant Value="invoice"/></t:Contains><t:IsGreaterThan><t:FieldURI FieldURI="item:DateTimeReceived"/><t:FieldURIOrConstant><t:Constant Value="2000-01-01T00:00:00Z"/></t:FieldURIOrConstant></t:IsGreaterThan></t:And>');
    expect(descendant(found, 'Items')!.children.map((i) => descendant(i, 'ItemId')?.attrs.Id)).toEqual([target.id]);
    const sorted = find('<t:Exists><t:FieldURI FieldURI="item:Subject"/></t:Exists>', '<m:SortOrder><t:FieldOrder Order="Ascending"><t:FieldURI FieldURI="item:DateTimeReceived"/></t:FieldOrder></m:SortOrder>');
    const received = descendant(sorted, 'Items')!.children.map((i) => descendant(i, 'DateTimeReceived')!.text);
    expect(received).toHaveLength(inbox.length);
    expect([...received].sort()).toEqual(received);
    expect(code(find('<t:IsEqualTo><t:FieldURI FieldURI="item:Size"/><t:FieldURIOrConstant><t:Constant Value="1"/></t:FieldURIOrConstant></t:IsEqualTo>'))).toBe('ErrorUnsupportedPathForQuery');
  });
});

describe('messages', () => {
  it('CreateItem SendAndSaveCopy files the message in Sent Items and delivers it to lab recipients', () => {
    const recipient = model.mailboxes().find((m) => m.kind === 'user' && m.id !== mailbox.id)!;
    const inbox = (): number => model.itemCount(model.wellKnownFolder(recipient.id, 'inbox').id);
    const sent = (): number => model.itemCount(model.wellKnownFolder(mailbox.id, 'sentitems').id);
    const [inboxBefore, sentBefore] = [inbox(), sent()];
    const { root } = call(`<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:SavedItemFolderId><t:DistinguishedFolderId Id="sentitems"/></m:SavedItemFolderId><m:Items><t:Message><t:Subject>Status</t:Subject><t:Body BodyType="Text">All green.</t:Body><t:ToRecipients><t:Mailbox><t:EmailAddress>${recipient.primarySmtp}</t:EmailAddress></t:Mailbox><t:Mailbox><t:EmailAddress>someone@outside.example</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>`);
    expect(code(root)).toBe('NoError');
    expect([inbox(), sent()]).toEqual([inboxBefore + 1, sentBefore + 1]);
    const delivered = model.items(model.wellKnownFolder(recipient.id, 'inbox').id).at(-1)!;
    expect(delivered).toMatchObject({ subject: 'Status', isRead: false, isDraft: false });
  });
});

describe('envelope and hierarchy', () => {
  it('answers malformed XML and unknown operations with SOAP faults', () => {
    const broken = service.handle(account, '<soap:Envelope><soap:Body><m:GetFolder>', ALLOW);
    expect(broken.status).toBe(500);
    expect(descendant(parseXml(broken.body), 'faultcode')?.text).toBe('a:ErrorSchemaValidation');
    const unknown = call('<m:GetUserOofSettingsRequest/>');
    expect(unknown.status).toBe(500);
    expect(descendant(unknown.root, 'ResponseCode')?.text).toBe('ErrorInvalidRequest');
  });

  it('SyncFolderHierarchy reports a new folder as the only change after a full sync', () => {
    const sync = (state: string): XmlNode => call(`<m:SyncFolderHierarchy><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape>${state ? `<m:SyncState>${state}</m:SyncState>` : ''}</m:SyncFolderHierarchy>`).root;
    const full = sync('');
    expect(descendant(full, 'IncludesLastFolderInRange')?.text).toBe('true');
    expect(descendant(full, 'Changes')!.children.length).toBe(model.folders(mailbox.id).length - 2); // all but root and msgfolderroot
    const created = model.createFolder(model.wellKnownFolder(mailbox.id, 'inbox').id, 'Lab projects');
    const next = descendant(sync(descendant(full, 'SyncState')!.text), 'Changes')!.children;
    expect(next.map((c) => `${c.name} ${descendant(c, 'DisplayName')?.text} ${descendant(c, 'FolderId')?.attrs.Id}`)).toEqual([`Create Lab projects ${created.id}`]);
  });
});
