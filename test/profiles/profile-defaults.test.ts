/** Defaults as the rules give them: EX-6, EX-7, EX-13, EX-14, EX-15, MEM-2, MEM-5, EX-2, EX-3, O365. */
import { describe, expect, it } from 'vitest';
import { validateProfile } from '../../src/profiles/validate-profile.js';
import { onlineInput, onpremInput } from './profile-fixtures.js';

describe('profile defaults', () => {
  it('fills the on-prem defaults the rules give', () => {
    const result = validateProfile(onpremInput({ staff: [{ user: 'alice@contoso.example' }] }));
    const p = result.profile;
    expect(p?.kind).toBe('exchange-onprem');
    if (p?.kind !== 'exchange-onprem') throw new Error('unreachable');
    expect(p.enabled).toBe(true); // EX-6
    expect(p.default).toBe(false); // MEM-2
    expect(p.hostedByThirdParty).toBe(false); // EX-7
    expect(p.virtualDirectory).toBe(''); // EX-7
    expect(p.useGraph).toBe(false); // EX-7
    expect(p.exchangeVersion).toBe('auto'); // EX-9
    expect(p.identityAttribute).toBe('mail'); // MEM-5
    expect(p.import).toEqual({ appointments: 'all', sendFreeTime: true }); // EX-13
    expect(p.windows).toEqual({ pastDays: 7, recurringDaysAhead: 30 }); // EX-14
    expect(p.staff[0]?.enabled).toBe(false); // EX-15: never automatic
    expect(p.ports).toEqual({ http: 80, https: 443, alternate: 2610 }); // EX-2
    expect(p.tls).toEqual({ systemTrustStore: true }); // EX-3
    expect(p.export).toEqual({ appointments: false, accountManagerContacts: false, serviceCalls: false, todos: false, publicFolderAllContacts: false });
    expect(p.credentials).toEqual({ kind: 'password', authMethod: 'ntlm', user: 'svc-sync@contoso.example', domain: '', password: { secret: 'password' }, mode: 'impersonation' });
    expect(p.notificationAddresses).toBe('');
  });

  it('turns free-time sending off by default when appointments are not imported (EX-13)', () => {
    const p = validateProfile(onpremInput({ import: { appointments: 'none' } })).profile;
    expect(p?.import).toEqual({ appointments: 'none', sendFreeTime: false });
  });

  it('fills the online defaults: worldwide endpoints, work account, Inbox without Sent Items', () => {
    const p = validateProfile(onlineInput()).profile;
    if (p?.kind !== 'exchange-online') throw new Error('expected an online profile');
    expect(p.accountType).toBe('workOrSchool');
    expect(p.endpoints).toEqual({ authorityHost: 'https://login.microsoftonline.com', graphBaseUrl: 'https://graph.microsoft.com' });
    expect(p.mail).toEqual({ folders: ['Inbox'], includeSentItems: false });
    expect(p.sharedMailboxes).toEqual([]);
    expect(p.credentials).toEqual({ kind: 'clientSecret', clientSecret: { secret: 'clientSecret' } });
  });

  it('accepts the minimal profiles as valid with no issues', () => {
    for (const input of [onpremInput(), onlineInput()]) {
      const result = validateProfile(input);
      expect(result.issues).toEqual([]);
      expect(result.valid).toBe(true);
    }
  });

  it('re-validating a parsed profile gives the same profile (export/import is stable)', () => {
    for (const input of [onpremInput(), onlineInput({ import: { appointments: 'none' } })]) {
      const first = validateProfile(input).profile;
      const second = validateProfile(JSON.parse(JSON.stringify(first))).profile;
      expect(second).toEqual(first);
    }
  });
});
