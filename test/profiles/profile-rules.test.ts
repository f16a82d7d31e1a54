/**
 * Every per-profile validation rule, one case each: the input breaks exactly one rule and
 * the test expects that rule's code, rule ID, field path and severity. A last test checks
 * that every row of the rule tables has a case here, so no rule goes untested.
 */
import { describe, expect, it } from 'vitest';
import { COMMON_RULES } from '../../src/profiles/profile-rules-common.js';
import { ONLINE_RULES } from '../../src/profiles/profile-rules-online.js';
import { ONPREM_RULES } from '../../src/profiles/profile-rules-onprem.js';
import { validateProfile } from '../../src/profiles/validate-profile.js';
import { onlineInput, onpremInput } from './profile-fixtures.js';

interface RuleCase {
  title: string;
  input: unknown;
  code: string;
  rule: string;
  path: string;
  severity?: 'error' | 'warning';
}

const onpremCreds = (c: Record<string, unknown>) => ({ credentials: { kind: 'password', user: 'svc-sync@contoso.example', ...c } });

const CASES: RuleCase[] = [
  // EX-7 server entry
  { title: 'IP address as server', input: onpremInput({ server: '10.0.0.5' }), code: 'MB_HOST_IS_IP_ADDRESS', rule: 'EX-7', path: 'server' },
  { title: 'IPv6 address as server', input: onpremInput({ server: '[fe80::1]' }), code: 'MB_HOST_IS_IP_ADDRESS', rule: 'EX-7', path: 'server' },
  { title: 'URL as server', input: onpremInput({ server: 'https://mail.contoso.example/EWS/Exchange.asmx' }), code: 'MB_SERVER_NOT_HOST_NAME', rule: 'EX-7', path: 'server' },
  { title: 'empty server', input: onpremInput({ server: '  ' }), code: 'MB_SERVER_REQUIRED', rule: 'EX-7', path: 'server' },
  { title: 'EWS profile against Exchange Online', input: onpremInput({ server: 'outlook.office365.com' }), code: 'MB_EWS_AGAINST_EXCHANGE_ONLINE', rule: 'EX-5', path: 'server' },
  // EX-7 schedule and name
  { title: 'interval under 10 minutes', input: onpremInput({ intervalMinutes: 9 }), code: 'MB_INTERVAL_TOO_SHORT', rule: 'EX-7', path: 'intervalMinutes' },
  { title: 'profile name with outer spaces', input: onpremInput({ name: ' padded ' }), code: 'MB_PROFILE_NAME_INVALID', rule: 'EX-7', path: 'name' },
  { title: 'profile name with a slash (it keys the secrets)', input: onpremInput({ name: 'a/b' }), code: 'MB_PROFILE_NAME_INVALID', rule: 'EX-7', path: 'name' },
  { title: 'Graph with Basic auth', input: onpremInput({ useGraph: true, ...onpremCreds({ authMethod: 'basic' }) }), code: 'MB_GRAPH_WITH_BASIC_AUTH', rule: 'EX-7', path: 'useGraph' },
  { title: 'Graph on an on-premises profile (EWS only; hybrid mailboxes in Exchange Online need an online profile)', input: onpremInput({ useGraph: true }), code: 'MB_GRAPH_ONPREM_NOT_SUPPORTED', rule: 'EX-7', path: 'useGraph', severity: 'warning' },
  { title: 'virtual directory without leading slash', input: onpremInput({ virtualDirectory: 'EWS/Exchange.asmx' }), code: 'MB_VIRTUAL_DIRECTORY_INVALID', rule: 'EX-7', path: 'virtualDirectory' },
  { title: 'virtual directory pointing at OWA', input: onpremInput({ virtualDirectory: '/owa' }), code: 'MB_VIRTUAL_DIRECTORY_IS_OWA', rule: 'EX-7', path: 'virtualDirectory', severity: 'warning' },
  // EX-2
  { title: 'port mapping out of range', input: onpremInput({ ports: { https: 70000 } }), code: 'MB_PORT_OUT_OF_RANGE', rule: 'EX-2', path: 'ports.https' },
  // EX-4, EX-5
  { title: 'empty sync user', input: onpremInput(onpremCreds({ user: '' })), code: 'MB_USER_REQUIRED', rule: 'EX-4', path: 'credentials.user' },
  { title: 'bare user without domain', input: onpremInput(onpremCreds({ user: 'svc-sync' })), code: 'MB_DOMAIN_REQUIRED', rule: 'EX-4', path: 'credentials.domain' },
  { title: 'domain given although the user contains it', input: onpremInput(onpremCreds({ user: 'CONTOSO\\svc-sync', domain: 'contoso.example' })), code: 'MB_DOMAIN_NOT_NEEDED', rule: 'EX-4', path: 'credentials.domain', severity: 'warning' },
  { title: 'domain contradicting the user name', input: onpremInput(onpremCreds({ user: 'svc-sync@contoso.example', domain: 'FABRIKAM' })), code: 'MB_DOMAIN_CONFLICT', rule: 'EX-4', path: 'credentials.domain' },
  { title: 'Basic authentication', input: onpremInput(onpremCreds({ authMethod: 'basic' })), code: 'MB_BASIC_AUTH_DEPRECATED', rule: 'EX-5', path: 'credentials.authMethod', severity: 'warning' },
  // MEM-4
  { title: 'relative client certificate path (on-prem)', input: onpremInput({ credentials: { kind: 'clientCertificate', certificateFile: 'client.pem' } }), code: 'MB_CERTIFICATE_FILE_NOT_ABSOLUTE', rule: 'MEM-4', path: 'credentials.certificateFile' },
  { title: 'relative client certificate path (online)', input: onlineInput({ credentials: { kind: 'clientCertificate', certificateFile: 'app.pem' } }), code: 'MB_CERTIFICATE_FILE_NOT_ABSOLUTE', rule: 'MEM-4', path: 'credentials.certificateFile' },
  // EX-14
  { title: 'pastDays 0', input: onpremInput({ windows: { pastDays: 0 } }), code: 'MB_WINDOW_OUT_OF_RANGE', rule: 'EX-14', path: 'windows.pastDays' },
  { title: 'recurringDaysAhead 31', input: onlineInput({ windows: { recurringDaysAhead: 31 } }), code: 'MB_WINDOW_OUT_OF_RANGE', rule: 'EX-14', path: 'windows.recurringDaysAhead' },
  // EX-11
  { title: 'bad notification address', input: onpremInput({ notificationAddresses: 'ops@contoso.example; not-an-address' }), code: 'MB_NOTIFICATION_ADDRESS_INVALID', rule: 'EX-11', path: 'notificationAddresses' },
  { title: 'comma-separated notification addresses', input: onpremInput({ notificationAddresses: 'ops@contoso.example, it@contoso.example' }), code: 'MB_NOTIFICATION_SEPARATOR', rule: 'EX-11', path: 'notificationAddresses' },
  // EX-12, EX-13
  { title: 'public folder of all contacts', input: onpremInput({ export: { publicFolderAllContacts: true } }), code: 'MB_PUBLIC_FOLDER_EXPOSES_CONTACTS', rule: 'EX-12', path: 'export.publicFolderAllContacts', severity: 'warning' },
  { title: 'public folder on an online profile', input: onlineInput({ export: { publicFolderAllContacts: true } }), code: 'MB_PUBLIC_FOLDER_NEEDS_EWS', rule: 'EX-12', path: 'export.publicFolderAllContacts' },
  { title: 'free time sent while not importing', input: onpremInput({ import: { appointments: 'none', sendFreeTime: true } }), code: 'MB_FREE_TIME_WITHOUT_IMPORT', rule: 'EX-13', path: 'import.sendFreeTime', severity: 'warning' },
  // EX-15, MEM-5
  { title: 'staff listed twice', input: onpremInput({ staff: [{ user: 'alice@contoso.example', enabled: true }, { user: 'ALICE@contoso.example' }] }), code: 'MB_STAFF_DUPLICATE', rule: 'EX-15', path: 'staff[1].user' },
  { title: 'nobody enabled', input: onpremInput({ staff: [{ user: 'alice@contoso.example' }] }), code: 'MB_NO_STAFF_ENABLED', rule: 'EX-15', path: 'staff', severity: 'warning' },
  { title: 'bad identity attribute', input: onpremInput({ identityAttribute: 'mail address' }), code: 'MB_IDENTITY_ATTRIBUTE_INVALID', rule: 'MEM-5', path: 'identityAttribute' },
  { title: 'staff user not an address while matching by mail', input: onpremInput({ staff: [{ user: 'alice', enabled: true }] }), code: 'MB_STAFF_USER_NOT_ADDRESS', rule: 'MEM-5', path: 'staff[0].user' },
  // EX-3
  { title: 'relative CA file', input: onpremInput({ tls: { caFile: 'ca.pem' } }), code: 'MB_CA_FILE_NOT_ABSOLUTE', rule: 'EX-3', path: 'tls.caFile' },
  { title: 'no trust anchor at all', input: onpremInput({ tls: { systemTrustStore: false } }), code: 'MB_TLS_NO_TRUST_ANCHOR', rule: 'EX-3', path: 'tls.systemTrustStore' },
  // EX-2, AG-5: the outbound proxy (#7)
  { title: 'proxy that is not a URL', input: onpremInput({ proxy: { url: 'proxy example 3128' } }), code: 'MB_PROXY_URL_INVALID', rule: 'EX-2', path: 'proxy.url' },
  { title: 'https:// proxy', input: onlineInput({ proxy: { url: 'https://proxy.contoso.example:3128' } }), code: 'MB_PROXY_SCHEME_UNSUPPORTED', rule: 'EX-2', path: 'proxy.url' },
  { title: 'proxy credentials in the URL', input: onpremInput({ proxy: { url: 'http://u:p@proxy.contoso.example:3128' } }), code: 'MB_PROXY_URL_HAS_CREDENTIALS', rule: 'AG-5', path: 'proxy.url' },
  { title: 'proxy host not a host name', input: onlineInput({ proxy: { url: 'http://proxy_1.contoso.example:3128' } }), code: 'MB_PROXY_HOST_INVALID', rule: 'EX-2', path: 'proxy.url' },
  { title: 'proxy without a port', input: onpremInput({ proxy: { url: 'http://proxy.contoso.example' } }), code: 'MB_PROXY_PORT_MISSING', rule: 'EX-2', path: 'proxy.url' },
  { title: 'proxy URL with a path', input: onlineInput({ proxy: { url: 'http://proxy.contoso.example:8080/wpad.dat' } }), code: 'MB_PROXY_URL_HAS_PATH', rule: 'EX-2', path: 'proxy.url' },
  { title: 'noProxy entry that is a URL', input: onpremInput({ proxy: { url: 'http://proxy.contoso.example:3128', noProxy: ['https://mail.contoso.example'] } }), code: 'MB_NO_PROXY_ENTRY_INVALID', rule: 'EX-2', path: 'proxy.noProxy[0]' },
  { title: 'proxy password without a user', input: onlineInput({ proxy: { url: 'http://proxy.contoso.example:3128', password: { secret: 'proxyPassword' } } }), code: 'MB_PROXY_USER_REQUIRED', rule: 'EX-2', path: 'proxy.user' },
  // O365
  { title: 'bad tenant', input: onlineInput({ tenant: 'contoso' }), code: 'MB_TENANT_INVALID', rule: 'O365-2', path: 'tenant' },
  { title: 'bad client id', input: onlineInput({ clientId: 'my-app' }), code: 'MB_CLIENT_ID_INVALID', rule: 'O365-2', path: 'clientId' },
  { title: 'personal account with app-only credentials', input: onlineInput({ accountType: 'personal', tenant: 'consumers' }), code: 'MB_PERSONAL_ACCOUNT_NEEDS_DELEGATED', rule: 'O365-1', path: 'credentials.kind' },
  { title: 'personal account with an organisation tenant', input: onlineInput({ accountType: 'personal', credentials: { kind: 'delegated' } }), code: 'MB_PERSONAL_ACCOUNT_TENANT', rule: 'O365-1', path: 'tenant', severity: 'warning' },
  { title: 'folder 6 levels deep', input: onlineInput({ mail: { folders: ['Inbox/a/b/c/d/e'] } }), code: 'MB_FOLDER_TOO_DEEP', rule: 'O365-3', path: 'mail.folders[0]' },
  { title: 'folder with an empty name', input: onlineInput({ mail: { folders: ['Inbox//Clients'] } }), code: 'MB_FOLDER_PATH_INVALID', rule: 'O365-3', path: 'mail.folders[0]' },
  { title: 'bad shared mailbox address', input: onlineInput({ sharedMailboxes: ['info'] }), code: 'MB_SHARED_MAILBOX_ADDRESS_INVALID', rule: 'O365-4', path: 'sharedMailboxes[0]' },
  { title: 'shared mailbox twice', input: onlineInput({ sharedMailboxes: ['info@contoso.example', 'Info@contoso.example'] }), code: 'MB_SHARED_MAILBOX_DUPLICATE', rule: 'O365-4', path: 'sharedMailboxes[1]', severity: 'warning' },
  { title: 'plain-http Graph endpoint', input: onlineInput({ endpoints: { graphBaseUrl: 'http://127.0.0.1:8080' } }), code: 'MB_ENDPOINT_NOT_HTTPS', rule: 'O365-2', path: 'endpoints.graphBaseUrl' },
  { title: 'endpoints of two clouds', input: onlineInput({ endpoints: { graphBaseUrl: 'https://graph.microsoft.us' } }), code: 'MB_ENDPOINT_CLOUD_MISMATCH', rule: 'O365-2', path: 'endpoints.graphBaseUrl', severity: 'warning' },
];

describe('profile validation rules', () => {
  it.each(CASES)('$code ($rule): $title', (c) => {
    const result = validateProfile(c.input);
    const hit = result.issues.find((i) => i.code === c.code);
    expect(hit, JSON.stringify(result.issues, null, 2)).toBeDefined();
    expect(hit?.rule).toBe(c.rule);
    expect(hit?.path).toBe(c.path);
    expect(hit?.severity).toBe(c.severity ?? 'error');
    expect(hit?.message).toContain(`(${c.rule})`);
    expect(hit?.message.startsWith(`${c.path}: `)).toBe(true);
    expect(hit?.fix.length).toBeGreaterThan(10);
    expect(result.valid).toBe((c.severity ?? 'error') === 'warning');
  });

  it('words the IP-address finding as the issue asks', () => {
    const issue = validateProfile(onpremInput({ server: '10.0.0.5' })).issues[0];
    expect(issue?.message).toBe(`server: "10.0.0.5" is an IP address; enter the Exchange server's host name (EX-7)`);
    expect(issue?.code).toBe('MB_HOST_IS_IP_ADDRESS');
  });

  it('reports every bad notification address, not only the first', () => {
    const issues = validateProfile(onpremInput({ notificationAddresses: 'x; ops@contoso.example; y@' })).issues.filter((i) => i.code === 'MB_NOTIFICATION_ADDRESS_INVALID');
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringContaining('"x" is not an e-mail address'),
      expect.stringContaining('"y@" is not an e-mail address'),
    ]);
  });

  it('accepts a folder exactly 5 levels deep and the boundary values 10 and 1..30', () => {
    expect(validateProfile(onlineInput({ mail: { folders: ['Inbox/a/b/c/d'] } })).valid).toBe(true);
    expect(validateProfile(onpremInput({ intervalMinutes: 10, windows: { pastDays: 1, recurringDaysAhead: 30 } })).valid).toBe(true);
  });

  it('accepts the lab host localhost and a lab CA file (absolute path)', () => {
    const result = validateProfile(onpremInput({ server: 'localhost', ports: { https: 40443 }, tls: { caFile: '/tmp/lab/ca.pem' } }));
    expect(result.issues).toEqual([]);
  });

  it('has a case for every row of the rule tables', () => {
    const tested = new Set(CASES.map((c) => c.code));
    const untested = [...COMMON_RULES, ...ONPREM_RULES, ...ONLINE_RULES].map((r) => r.code).filter((code) => !tested.has(code));
    expect(untested).toEqual([]);
  });
});
