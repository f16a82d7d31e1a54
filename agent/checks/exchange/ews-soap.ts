/**
 * The two EWS requests the auth checks send — GetFolder for the inbox, as the account
 * itself or impersonating a mailbox (EX-10, with X-AnchorMailbox as the connector sends
 * it) — and reading the outcome from the answer: the ResponseCode of a response message,
 * or the SOAP fault's code (ErrorImpersonateUserDenied comes as a fault with HTTP 500).
 */

const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const TYPES_NS = 'http://schemas.microsoft.com/exchange/services/2006/types';
const MESSAGES_NS = 'http://schemas.microsoft.com/exchange/services/2006/messages';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** GetFolder(inbox) with IdOnly; `impersonate` adds the ExchangeImpersonation header. */
export function getInboxRequest(impersonate?: string): string {
  const impersonation = impersonate
    ? `<t:ExchangeImpersonation><t:ConnectingSID><t:PrimarySmtpAddress>${escapeXml(impersonate)}</t:PrimarySmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>`
    : '';
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP_NS}" xmlns:t="${TYPES_NS}" xmlns:m="${MESSAGES_NS}">`
    + `<soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"/>${impersonation}</soap:Header>`
    + '<soap:Body><m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape>'
    + '<m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder></soap:Body></soap:Envelope>';
}

export function soapHeaders(anchorMailbox?: string): Record<string, string> {
  return { 'Content-Type': 'text/xml; charset=utf-8', Accept: 'text/xml', ...(anchorMailbox ? { 'X-AnchorMailbox': anchorMailbox } : {}) };
}

export type SoapOutcome =
  | { kind: 'ok'; serverVersion: string | null }
  | { kind: 'error'; code: string; message: string; serverVersion: string | null }
  | { kind: 'unreadable' };

function tagText(xml: string, local: string): string | undefined {
  const match = new RegExp(`<(?:[A-Za-z0-9]+:)?${local}(?:\\s[^>]*)?>([^<]*)</(?:[A-Za-z0-9]+:)?${local}>`).exec(xml);
  return match?.[1]?.trim();
}

function serverVersionOf(xml: string): string | null {
  const match = /<(?:[A-Za-z0-9]+:)?ServerVersionInfo\s([^>]*)\/?>/.exec(xml);
  if (!match?.[1]) return null;
  const attr = (name: string): string | undefined => new RegExp(`${name}="([^"]*)"`).exec(match[1] ?? '')?.[1];
  const parts = [attr('MajorVersion'), attr('MinorVersion'), attr('MajorBuildNumber'), attr('MinorBuildNumber')];
  return parts.every((p) => p !== undefined) ? parts.join('.') : null;
}

/** The outcome of a GetFolder answer (HTTP 200 response message or HTTP 500 SOAP fault). */
export function readSoapOutcome(xml: string): SoapOutcome {
  const serverVersion = serverVersionOf(xml);
  const responseCode = tagText(xml, 'ResponseCode');
  if (responseCode) {
    return responseCode === 'NoError' ? { kind: 'ok', serverVersion } : { kind: 'error', code: responseCode, message: tagText(xml, 'MessageText') ?? tagText(xml, 'faultstring') ?? '', serverVersion };
  }
  const faultCode = tagText(xml, 'faultcode');
  if (faultCode) {
    const code = faultCode.replace(/^[A-Za-z0-9]+:/, '');
    return { kind: 'error', code, message: tagText(xml, 'faultstring') ?? '', serverVersion };
  }
  return { kind: 'unreadable' };
}
