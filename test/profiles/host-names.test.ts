/** The host-name facts behind EX-7 and the EWS-in-Exchange-Online rule. */
import { describe, expect, it } from 'vitest';
import { isExchangeOnlineHost, isHostName, isIpAddress } from '../../src/profiles/host-names.js';
import { isEmailAddress } from '../../src/profiles/email-address.js';

describe('host names', () => {
  it('recognises IP addresses in their usual spellings', () => {
    for (const ip of ['10.0.0.5', '10.0.0.5:443', '::1', '[2001:db8::1]', '[::1]:8443']) expect(isIpAddress(ip), ip).toBe(true);
    for (const host of ['mail.contoso.example', 'localhost', 'exchange01']) expect(isIpAddress(host), host).toBe(false);
  });

  it('accepts DNS host names and refuses the rest', () => {
    expect(isHostName('mail.contoso.example')).toBe(true);
    expect(isHostName('mail_server.contoso')).toBe(false);
    expect(isHostName('-mail.contoso')).toBe(false);
  });

  it('knows Exchange Online hosts in every cloud', () => {
    for (const host of ['outlook.office365.com', 'OUTLOOK.OFFICE.COM', 'contoso-com.mail.protection.outlook.com', 'outlook.office365.us', 'partner.outlook.cn']) {
      expect(isExchangeOnlineHost(host), host).toBe(true);
    }
    expect(isExchangeOnlineHost('mail.contoso.com')).toBe(false);
    expect(isExchangeOnlineHost('notoutlook.com')).toBe(false);
  });

  it('validates e-mail addresses', () => {
    expect(isEmailAddress('ops@contoso.example')).toBe(true);
    expect(isEmailAddress('ops@contoso')).toBe(false);
    expect(isEmailAddress('@contoso.example')).toBe(false);
  });
});
