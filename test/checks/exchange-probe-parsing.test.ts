// The pure parts of the Exchange and online checks (#4): WWW-Authenticate schemes, EWS
// answers (response codes, SOAP faults, server version), Autodiscover candidates in the
// documented order, the roles the features need, local token decoding, AADSTS codes from
// token-endpoint bodies, Graph's access-policy refinement and the clock-skew rule.
import { describe, expect, it } from 'vitest';
import { authSchemesOf } from '../../agent/checks/exchange/exchange-http.js';
import { getInboxRequest, readSoapOutcome } from '../../agent/checks/exchange/ews-soap.js';
import { autodiscoverCandidates } from '../../agent/checks/exchange/autodiscover-candidates.js';
import { clockSkew } from '../../agent/checks/exchange/clock-skew.js';
import { ewsPathOf, isExchangeOnlineHost } from '../../agent/checks/exchange/exchange-target.js';
import { aadstsCodeOf } from '../../agent/checks/online/entra-token.js';
import { graphErrorCode } from '../../agent/checks/online/graph-mailbox.js';
import { isSatisfied, requiredRoles } from '../../agent/checks/online/required-roles.js';
import { decodeTokenClaims } from '../../agent/checks/online/token-claims.js';
import { onlineProfileSchema } from '../../src/profiles/online-profile-schema.js';

describe('WWW-Authenticate', () => {
  it('lists each scheme once, from one header or several, without challenge data or params', () => {
    expect(authSchemesOf({ 'www-authenticate': ['Negotiate', 'NTLM', 'Basic realm="mail.contoso.com"'] })).toEqual(['Negotiate', 'NTLM', 'Basic']);
    expect(authSchemesOf({ 'www-authenticate': 'Negotiate, NTLM, Basic realm="x", charset="UTF-8"' })).toEqual(['Negotiate', 'NTLM', 'Basic']);
    expect(authSchemesOf({ 'www-authenticate': 'NTLM TlRMTVNTUAACAAAA' })).toEqual(['NTLM']);
    expect(authSchemesOf({})).toEqual([]);
  });
});

describe('EWS answers', () => {
  it('reads NoError, an error response code and a SOAP fault', () => {
    const ok = '<s:Envelope><s:Header><h:ServerVersionInfo MajorVersion="15" MinorVersion="2" MajorBuildNumber="1544" MinorBuildNumber="4" /></s:Header><s:Body><m:GetFolderResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode></m:GetFolderResponseMessage></s:Body></s:Envelope>';
    expect(readSoapOutcome(ok)).toEqual({ kind: 'ok', serverVersion: '15.2.1544.4' });
    const error = '<m:GetFolderResponseMessage ResponseClass="Error"><m:MessageText>No mailbox.</m:MessageText><m:ResponseCode>ErrorNonExistentMailbox</m:ResponseCode></m:GetFolderResponseMessage>';
    expect(readSoapOutcome(error)).toMatchObject({ kind: 'error', code: 'ErrorNonExistentMailbox', message: 'No mailbox.' });
    const fault = '<s:Fault><faultcode xmlns:a="t">a:ErrorImpersonateUserDenied</faultcode><faultstring xml:lang="en-US">The account does not have permission to impersonate the requested user.</faultstring></s:Fault>';
    expect(readSoapOutcome(fault)).toMatchObject({ kind: 'error', code: 'ErrorImpersonateUserDenied' });
    expect(readSoapOutcome('<html>IIS</html>')).toEqual({ kind: 'unreadable' });
  });

  it('GetFolder names the impersonated mailbox, escaped', () => {
    expect(getInboxRequest()).not.toContain('ExchangeImpersonation');
    expect(getInboxRequest('a&b@contoso.com')).toContain('<t:PrimarySmtpAddress>a&amp;b@contoso.com</t:PrimarySmtpAddress>');
  });

  it('the EWS path follows the profile\'s virtual directory as the connector builds it', () => {
    expect(ewsPathOf('')).toBe('/EWS/Exchange.asmx');
    expect(ewsPathOf('/custom/EWS')).toBe('/custom/EWS/Exchange.asmx');
    expect(ewsPathOf('ews2/Exchange.asmx')).toBe('/ews2/Exchange.asmx');
    expect(isExchangeOnlineHost('outlook.office365.com')).toBe(true);
    expect(isExchangeOnlineHost('mail.contoso.com')).toBe(false);
  });
});

describe('Autodiscover candidates', () => {
  it('the configured server first, then domain root, autodiscover host, HTTP redirect', () => {
    expect(autodiscoverCandidates('Anna@Contoso.com', { host: 'mail.contoso.com', httpsPort: 443 }).map((c) => c.url)).toEqual([
      'https://mail.contoso.com/autodiscover/autodiscover.xml',
      'https://contoso.com/autodiscover/autodiscover.xml',
      'https://autodiscover.contoso.com/autodiscover/autodiscover.xml',
      'http://autodiscover.contoso.com/autodiscover/autodiscover.xml',
    ]);
  });

  it('a configured server that is the autodiscover host is tried once', () => {
    const list = autodiscoverCandidates('a@contoso.com', { host: 'autodiscover.contoso.com', httpsPort: 443 });
    expect(list.map((c) => c.method)).toEqual(['configured server', 'domain root', 'HTTP redirect']);
  });
});

describe('roles the features need', () => {
  const base = { kind: 'exchange-online', name: 'o', intervalMinutes: 10, tenant: 't', clientId: 'c', credentials: { kind: 'clientSecret', clientSecret: { secret: 'clientSecret' } } };

  it('follow the profile: mail folders, calendar import/export, contacts, to-dos, notifications', () => {
    const quiet = onlineProfileSchema.parse({ ...base, mail: { folders: [] }, import: { appointments: 'none' } });
    expect(requiredRoles(quiet)).toEqual([]);
    const busy = onlineProfileSchema.parse({
      ...base, staff: [{ user: 'a@contoso.com', enabled: true }], notificationAddresses: 'ops@contoso.com',
      export: { appointments: true, accountManagerContacts: true, todos: true },
    });
    expect(requiredRoles(busy).map((r) => r.role)).toEqual(['User.Read.All', 'Mail.Read', 'Calendars.Read', 'Calendars.ReadWrite', 'Contacts.ReadWrite', 'Tasks.ReadWrite.All', 'Mail.Send']);
  });

  it('ReadWrite satisfies Read, not the other way round', () => {
    expect(isSatisfied('Mail.Read', ['Mail.ReadWrite'])).toBe(true);
    expect(isSatisfied('Calendars.ReadWrite', ['Calendars.Read'])).toBe(false);
  });
});

describe('tokens and Entra answers', () => {
  it('decodes the non-secret claims locally', () => {
    const payload = Buffer.from(JSON.stringify({ aud: 'https://graph.microsoft.com', tid: 'tid', appid: 'app', roles: ['Mail.ReadWrite'], iat: 1_700_000_000, exp: 1_700_003_600 })).toString('base64url');
    expect(decodeTokenClaims(`eyJhbGciOiJSUzI1NiJ9.${payload}.sig`)).toEqual({
      aud: 'https://graph.microsoft.com', tid: 'tid', appid: 'app', roles: ['Mail.ReadWrite'], issuedAt: '2023-11-14T22:13:20.000Z', expiresAt: '2023-11-14T23:13:20.000Z',
    });
    expect(decodeTokenClaims('not-a-token')).toBeUndefined();
  });

  it('names token-endpoint failures by AADSTS code, from error_codes or the description', () => {
    expect(aadstsCodeOf({ error: 'invalid_client', error_codes: [7000215] }, 401)).toBe('AADSTS7000215');
    expect(aadstsCodeOf({ error: 'invalid_tenant', error_description: 'AADSTS90002: Tenant not found.' }, 400)).toBe('AADSTS90002');
    expect(aadstsCodeOf(undefined, 524)).toBe('HTTP_524');
  });

  it('tells an application access policy apart from other access denials', () => {
    expect(graphErrorCode(403, { error: { code: 'ErrorAccessDenied', message: 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.' } }).code).toBe('MB_APPLICATION_ACCESS_POLICY_DENIED');
    expect(graphErrorCode(403, { error: { code: 'ErrorAccessDenied', message: 'Access is denied.' } }).code).toBe('ErrorAccessDenied');
  });
});

describe('clock skew', () => {
  it('warns past five minutes, allowing for the round trip and the header\'s one-second resolution', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(clockSkew('Mon, 23 Nov 2026 12:04:59 GMT', now)).toMatchObject({ skewSeconds: -299, tooLarge: false });
    expect(clockSkew('Mon, 23 Nov 2026 12:06:30 GMT', now)).toMatchObject({ skewSeconds: -390, tooLarge: true });
    expect(clockSkew('Mon, 23 Nov 2026 11:50:00 GMT', now)).toMatchObject({ skewSeconds: 600, tooLarge: true });
    expect(clockSkew(null, now)).toBeUndefined();
    expect(clockSkew('yesterday', now)).toBeUndefined();
  });
});
