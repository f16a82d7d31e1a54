/**
 * Messages over EWS: the summary and MIME source of one message for ingestion (O365-3,
 * O365-4: Internet Message-ID is the de-duplication key) and a plain-text mail sent from
 * a mailbox (EX-11 failure notices, EX-15 confirmations), a copy kept in Sent Items.
 */
import ews from 'ews-javascript-api';
import type { FetchedMessage, MessageSummary, OutgoingMail } from '../connector.js';

const MESSAGE_PROPERTIES = [
  ews.ItemSchema.MimeContent, ews.ItemSchema.Subject, ews.ItemSchema.DateTimeReceived, ews.ItemSchema.Size,
  ews.EmailMessageSchema.InternetMessageId, ews.EmailMessageSchema.From,
];

/** A property the server did not send reads as undefined instead of throwing. */
function safe<T>(get: () => T): T | undefined {
  try {
    return get() ?? undefined;
  } catch {
    return undefined;
  }
}

export async function fetchMessage(service: ews.ExchangeService, id: string): Promise<FetchedMessage> {
  const m = await ews.EmailMessage.Bind(service, new ews.ItemId(id), new ews.PropertySet(ews.BasePropertySet.IdOnly, MESSAGE_PROPERTIES));
  const summary: MessageSummary = { id: m.Id.UniqueId };
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
  return { summary, mime: Buffer.from(safe(() => m.MimeContent.Content) ?? '', 'base64') };
}

export async function sendPlainMail(service: ews.ExchangeService, mail: OutgoingMail): Promise<void> {
  const m = new ews.EmailMessage(service);
  m.Subject = mail.subject;
  m.Body = new ews.MessageBody(ews.BodyType.Text, mail.body);
  for (const to of mail.to) m.ToRecipients.Add(to);
  await m.SendAndSaveCopy();
}
