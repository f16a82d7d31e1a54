/**
 * Messages over EWS: which folders hold mail; the summary of a message (what SyncFolderItems
 * carries per change, so ingestion decides "older than the selection" and "already stored"
 * without downloading anything); the summary and MIME source of one message or of a batch
 * in one GetItem for ingestion (O365-3, O365-4: Internet Message-ID is the de-duplication
 * key); and a plain-text mail sent from a mailbox (EX-11 failure notices, EX-15
 * confirmations), a copy kept in Sent Items.
 */
import ews from 'ews-javascript-api';
import type { FetchedMessage, MessageSummary, OutgoingMail } from '../connector.js';
import { ConnectorError } from '../connector-errors.js';

/** What ingestion needs to judge a message; all first-class, so SyncFolderItems may return them. */
const SUMMARY_PROPERTIES = [
  ews.ItemSchema.Subject, ews.ItemSchema.DateTimeReceived, ews.ItemSchema.Size,
  ews.EmailMessageSchema.InternetMessageId, ews.EmailMessageSchema.From,
];

/**
 * Whether a folder holds mail (IPF.Note and its refinements such as IPF.Note.OutlookHomepage),
 * or is a generic folder without a class, which Outlook shows as a mail folder. Calendars,
 * contacts, tasks, notes and journals are not.
 */
export function isMailFolderClass(folderClass: string | null | undefined): boolean {
  const c = (folderClass ?? '').trim();
  return c === '' || c === 'IPF' || c === 'IPF.Note' || c.startsWith('IPF.Note.');
}

/** IdOnly plus the summary: the shape of SyncFolderItems for a mail folder. */
export function messageSummaryPropertySet(): ews.PropertySet {
  return new ews.PropertySet(ews.BasePropertySet.IdOnly, SUMMARY_PROPERTIES);
}

/** A property the server did not send (or the item type lacks) reads as undefined instead of throwing. */
function safe<T>(get: () => T): T | undefined {
  try {
    return get() ?? undefined;
  } catch {
    return undefined;
  }
}

/** The summary of an item read with the summary properties; a non-message item simply lacks some. */
export function messageSummaryOf(item: ews.Item): MessageSummary {
  const m = item as ews.EmailMessage;
  const summary: MessageSummary = { id: item.Id.UniqueId };
  const imid = safe(() => m.InternetMessageId);
  if (imid) summary.internetMessageId = imid;
  const subject = safe(() => m.Subject);
  if (subject !== undefined) summary.subject = subject;
  const from = safe(() => m.From?.Address);
  if (from) summary.from = from;
  const received = safe(() => m.DateTimeReceived);
  if (received) summary.receivedAt = new Date(received.TotalMilliSeconds).toISOString();
  const size = safe(() => m.Size);
  if (size !== undefined) summary.size = size;
  return summary;
}

function withMime(): ews.PropertySet {
  return new ews.PropertySet(ews.BasePropertySet.IdOnly, [ews.ItemSchema.MimeContent, ...SUMMARY_PROPERTIES]);
}

function fetched(item: ews.Item): FetchedMessage {
  return { summary: messageSummaryOf(item), mime: Buffer.from(safe(() => item.MimeContent.Content) ?? '', 'base64') };
}

/**
 * One message with its MIME source. Bound as any Item: a mail folder may also hold posts
 * or items of other classes, which EmailMessage.Bind would refuse on every round.
 */
export async function fetchMessage(service: ews.ExchangeService, id: string): Promise<FetchedMessage> {
  return fetched(await ews.Item.Bind(service, new ews.ItemId(id), withMime()));
}

const MESSAGE_GONE = new Set(['ErrorItemNotFound', 'ErrorInvalidIdMalformed']);

/**
 * Several messages with their MIME sources in one GetItem, in the order of `ids`. Each id
 * answers on its own: gone is null; any other per-item error fails the call with the
 * server's code (ErrorServerBusy → the engine's throttle gate retries; reads are idempotent).
 */
export async function fetchMessages(service: ews.ExchangeService, ids: readonly string[]): Promise<Array<FetchedMessage | null>> {
  if (ids.length === 0) return [];
  const responses = await service.BindToItems(ids.map((id) => new ews.ItemId(id)), withMime());
  const out: Array<FetchedMessage | null> = [];
  for (const response of responses.Responses) {
    if (response.Result === ews.ServiceResult.Success || response.Result === ews.ServiceResult.Warning) {
      out.push(fetched(response.Item));
      continue;
    }
    if (MESSAGE_GONE.has(ews.ServiceError[response.ErrorCode] ?? '')) { out.push(null); continue; }
    // The error mapper reads the library's error shape: code and details of this one response.
    throw Object.assign(new Error(response.ErrorMessage ?? 'GetItem failed'), { ErrorCode: response.ErrorCode, ErrorDetails: response.ErrorDetails });
  }
  if (out.length !== ids.length) throw new ConnectorError({ protocol: 'ews', code: 'MB_GETITEM_SHORT', message: `GetItem answered ${out.length} of ${ids.length} messages` });
  return out;
}

export async function sendPlainMail(service: ews.ExchangeService, mail: OutgoingMail): Promise<void> {
  const m = new ews.EmailMessage(service);
  m.Subject = mail.subject;
  m.Body = new ews.MessageBody(ews.BodyType.Text, mail.body);
  for (const to of mail.to) m.ToRecipients.Add(to);
  await m.SendAndSaveCopy();
}
