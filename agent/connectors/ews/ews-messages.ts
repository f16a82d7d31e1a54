/**
 * Messages over EWS: the summary of a message (what SyncFolderItems carries per change, so
 * ingestion decides "older than the selection" and "already stored" without downloading
 * anything), the summary and MIME source of one message for ingestion (O365-3, O365-4:
 * Internet Message-ID is the de-duplication key), and a plain-text mail sent from a mailbox
 * (EX-11 failure notices, EX-15 confirmations), a copy kept in Sent Items.
 */
import ews from 'ews-javascript-api';
import type { FetchedMessage, MessageSummary, OutgoingMail } from '../connector.js';

/** What ingestion needs to judge a message; all first-class, so SyncFolderItems may return them. */
const SUMMARY_PROPERTIES = [
  ews.ItemSchema.Subject, ews.ItemSchema.DateTimeReceived, ews.ItemSchema.Size,
  ews.EmailMessageSchema.InternetMessageId, ews.EmailMessageSchema.From,
];

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

/**
 * One message with its MIME source. Bound as any Item: a mail folder may also hold posts
 * or items of other classes, which EmailMessage.Bind would refuse on every round.
 */
export async function fetchMessage(service: ews.ExchangeService, id: string): Promise<FetchedMessage> {
  const item = await ews.Item.Bind(service, new ews.ItemId(id), new ews.PropertySet(ews.BasePropertySet.IdOnly, [ews.ItemSchema.MimeContent, ...SUMMARY_PROPERTIES]));
  return { summary: messageSummaryOf(item), mime: Buffer.from(safe(() => item.MimeContent.Content) ?? '', 'base64') };
}

export async function sendPlainMail(service: ews.ExchangeService, mail: OutgoingMail): Promise<void> {
  const m = new ews.EmailMessage(service);
  m.Subject = mail.subject;
  m.Body = new ews.MessageBody(ews.BodyType.Text, mail.body);
  for (const to of mail.to) m.ToRecipients.Add(to);
  await m.SendAndSaveCopy();
}
