// Runs ews-javascript-api 0.15.3, unchanged, against the lab in a child process, so the lab CA
// reaches the library the only way its NTLM mode allows: NODE_EXTRA_CA_CERTS (set by the test).
// Reads one job as JSON on stdin (credentials never on argv), prints one JSON result line.
// A job is { url, auth: { mode: 'basic' | 'ntlm', user, password }, impersonate?, steps: [...] };
// each step names a scenario below and gets its own { ok, value } or { ok: false, error }.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ews = require('ews-javascript-api');
const { XhrApi } = require('@ewsjs/xhr');

function describeError(e) {
  const details = {};
  const dict = e?.ErrorDetails ?? e?.Response?.ErrorDetails;
  if (dict && typeof dict.containsKey === 'function' && dict.containsKey('BackOffMilliseconds')) {
    details.BackOffMilliseconds = Number(dict.get('BackOffMilliseconds'));
  }
  if (typeof e?.ErrorCode === 'number' && e?.Response) {
    return { kind: 'ServiceResponseException', code: ews.ServiceError[e.ErrorCode], message: e.message, details };
  }
  if (e && 'HttpStatusCode' in e && 'ResponseCode' in e) {
    return {
      kind: 'SoapFaultDetails', code: e.HttpStatusCode === 500 ? ews.ServiceError[e.ResponseCode] : null,
      httpStatus: e.HttpStatusCode, message: e.message ?? null, details,
    };
  }
  return { kind: e?.constructor?.name ?? typeof e, code: null, httpStatus: e?.status ?? null, message: String(e?.message ?? e) };
}

const FOLDERS = { inbox: ews.WellKnownFolderName.Inbox, calendar: ews.WellKnownFolderName.Calendar, sentitems: ews.WellKnownFolderName.SentItems };
const EXT = new ews.ExtendedPropertyDefinition(new ews.Guid('00020329-0000-0000-C000-000000000046'), 'MailbridgeId', ews.MapiPropertyType.String);

const SCENARIOS = {
  async bindInbox(service) {
    const inbox = await ews.Folder.Bind(service, ews.WellKnownFolderName.Inbox);
    return { displayName: inbox.DisplayName, totalCount: inbox.TotalCount, id: inbox.Id.UniqueId, serverVersion: service.ServerInfo?.ToString(), schema: service.ServerInfo?.VersionString };
  },
  async syncFolder(service, step) {
    let state = step.syncState ?? '';
    const pages = [];
    const ids = new Set();
    for (let i = 0; i < 1000; i++) {
      const changes = await service.SyncFolderItems(new ews.FolderId(FOLDERS[step.folder]), ews.PropertySet.IdOnly, null, step.pageSize, ews.SyncFolderItemsScope.NormalItems, state);
      const kinds = { Create: 0, Update: 0, Delete: 0, ReadFlagChange: 0 };
      for (const c of changes.GetEnumerator()) {
        kinds[ews.ChangeType[c.ChangeType]]++;
        ids.add(c.ItemId?.UniqueId ?? c.Id?.UniqueId);
      }
      pages.push({ count: changes.Count, moreAvailable: changes.MoreChangesAvailable, ...kinds });
      state = changes.SyncState;
      if (!changes.MoreChangesAvailable || step.onePage) break;
    }
    return { pages, distinctItems: ids.size, syncState: state };
  },
  async appointmentLifecycle(service, step) {
    const start = Date.parse(step.start);
    const a = new ews.Appointment(service);
    a.Subject = step.subject;
    a.Start = new ews.DateTime(start);
    a.End = new ews.DateTime(start + 3_600_000);
    a.Location = 'Room 1';
    a.Body = new ews.MessageBody(ews.BodyType.Text, 'Created by the lab test');
    a.SetExtendedProperty(EXT, step.externalId);
    await a.Save(ews.WellKnownFolderName.Calendar, ews.SendInvitationsMode.SendToNone);
    const created = { id: a.Id.UniqueId, changeKey: a.Id.ChangeKey };
    const byExternalId = await service.FindItems(ews.WellKnownFolderName.Calendar, new ews.SearchFilter.IsEqualTo(EXT, step.externalId), new ews.ItemView(5));
    const foundByExternalId = byExternalId.Items.map((i) => i.Id.UniqueId);
    const props = new ews.PropertySet(ews.BasePropertySet.FirstClassProperties, [EXT]);
    const first = await ews.Appointment.Bind(service, a.Id, props);
    const second = await ews.Appointment.Bind(service, a.Id, props);
    const ext = first.ExtendedProperties.Items.map((p) => p.Value);
    first.Subject = `${step.subject} (moved)`;
    first.Start = new ews.DateTime(start + 7_200_000);
    first.End = new ews.DateTime(start + 10_800_000);
    // Without SendMeetingInvitationsOrCancellations Exchange refuses a calendar update (the
    // library omits the attribute when the second argument is left out).
    let withoutSendMode = null;
    try { await first.Update(ews.ConflictResolutionMode.AutoResolve); } catch (e) { withoutSendMode = describeError(e); }
    await first.Update(ews.ConflictResolutionMode.AutoResolve, ews.SendInvitationsOrCancellationsMode.SendToNone);
    const afterUpdate = { changeKey: first.Id.ChangeKey };
    second.Subject = `${step.subject} (stale edit)`;
    let staleAutoResolve = null;
    try { await second.Update(ews.ConflictResolutionMode.AutoResolve, ews.SendInvitationsOrCancellationsMode.SendToNone); } catch (e) { staleAutoResolve = describeError(e); }
    let staleNeverOverwrite = null;
    second.Location = 'Room 2';
    try { await second.Update(ews.ConflictResolutionMode.NeverOverwrite, ews.SendInvitationsOrCancellationsMode.SendToNone); } catch (e) { staleNeverOverwrite = describeError(e); }
    const reread = await ews.Appointment.Bind(service, a.Id, props);
    const state = { subject: reread.Subject, start: reread.Start.ToISOString(), location: reread.Location };
    await reread.Delete(ews.DeleteMode.HardDelete, ews.SendCancellationsMode.SendToNone);
    let afterDelete = null;
    try { await ews.Appointment.Bind(service, a.Id); } catch (e) { afterDelete = describeError(e); }
    return { created, foundByExternalId, ext, withoutSendMode, afterUpdate, staleAutoResolve, staleNeverOverwrite, state, afterDelete };
  },
  async calendarView(service, step) {
    const view = new ews.CalendarView(new ews.DateTime(Date.parse(step.from)), new ews.DateTime(Date.parse(step.to)), step.max);
    const found = await service.FindAppointments(ews.WellKnownFolderName.Calendar, view);
    return {
      count: found.Items.length, moreAvailable: found.MoreAvailable,
      types: found.Items.map((a) => ews.AppointmentType[a.AppointmentType]),
      starts: found.Items.map((a) => a.Start.ToISOString()),
    };
  },
  async getMessageMime(service) {
    const found = await service.FindItems(ews.WellKnownFolderName.Inbox, new ews.ItemView(1));
    const props = new ews.PropertySet(ews.BasePropertySet.FirstClassProperties, [ews.ItemSchema.MimeContent]);
    const [message] = (await service.BindToItems([found.Items[0].Id], props)).Responses.map((r) => r.Item);
    return { subject: message.Subject, mime: Buffer.from(message.MimeContent.Content, 'base64').toString('utf8') };
  },
  async convertId(service, step) {
    const inbox = await ews.Folder.Bind(service, ews.WellKnownFolderName.Inbox, ews.PropertySet.IdOnly);
    const hex = await service.ConvertId(new ews.AlternateId(ews.IdFormat.EwsId, inbox.Id.UniqueId, step.mailbox), ews.IdFormat.HexEntryId);
    const back = await service.ConvertId(new ews.AlternateId(ews.IdFormat.HexEntryId, hex.UniqueId, step.mailbox), ews.IdFormat.EwsId);
    return { original: inbox.Id.UniqueId, hex: hex.UniqueId, back: back.UniqueId, format: ews.IdFormat[back.Format] };
  },
  async findFolders(service) {
    const found = await service.FindFolders(ews.WellKnownFolderName.MsgFolderRoot, new ews.FolderView(100));
    return { names: found.Folders.map((f) => f.DisplayName) };
  },
  async resolveName(service, step) {
    const found = await service.ResolveName(step.name, ews.ResolveNameSearchLocation.DirectoryOnly, true);
    return { count: found.Count, addresses: found.GetEnumerator().map((r) => r.Mailbox.Address) };
  },
};

const input = await new Promise((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d) => { text += d; });
  process.stdin.on('end', () => resolve(JSON.parse(text)));
});

const service = new ews.ExchangeService(ews.ExchangeVersion.Exchange2016);
service.Url = new ews.Uri(input.url);
// The library insists on Credentials; with the NTLM XhrApi its Authorization header is replaced
// by the NTLM handshake (the setup @ewsjs/xhr documents).
service.Credentials = new ews.WebCredentials(input.auth.user, input.auth.password);
if (input.auth.mode === 'ntlm') {
  service.XHRApi = new XhrApi({ rejectUnauthorized: true }).useNtlmAuthentication(input.auth.user, input.auth.password);
}
if (input.impersonate) service.ImpersonatedUserId = new ews.ImpersonatedUserId(ews.ConnectingIdType.SmtpAddress, input.impersonate);

const results = [];
for (const step of input.steps) {
  try {
    results.push({ ok: true, value: await SCENARIOS[step.scenario](service, step) });
  } catch (e) {
    results.push({ ok: false, error: describeError(e) });
  }
}
process.stdout.write(`${JSON.stringify(results)}\n`);
