/**
 * The setup wizard's fields as data: which step each belongs to (MEM-1 order), which
 * profile path it fills, its kind of input and the rule it answers to. The form, the
 * validation mapping, the summary and the edit-load all walk this one table.
 */
export type WizardStepId = 'system' | 'connection' | 'credentials' | 'validation' | 'sync' | 'notifications' | 'summary';
export type FieldKind = 'text' | 'number' | 'secret' | 'choice' | 'toggle' | 'list';
export type MailSystem = 'exchange-onprem' | 'exchange-online';

export interface Choice {
  value: string;
  label: string;
  /** Shown but not selectable, with the reason. */
  unavailable?: string;
}

export interface FieldSpec {
  /** The profile path it fills (`credentials.user`), or `secret:<slot>` for a secret. */
  id: string;
  label: string;
  kind: FieldKind;
  step: WizardStepId;
  /** The mail systems that have it; all when absent. */
  systems?: readonly MailSystem[];
  rule?: string;
  hint?: string;
  choices?: readonly Choice[];
  /** Shown only when this holds for the current values. */
  shownWhen?: (values: Readonly<Record<string, string>>) => boolean;
  /** Left out of the profile when empty (optional fields such as tls.caFile). */
  omitEmpty?: boolean;
  initial?: string;
  /** A different starting value per mail system (replaces `initial` for that system until the operator edits the field). */
  initialBySystem?: Partial<Record<MailSystem, string>>;
}

const ONPREM: readonly MailSystem[] = ['exchange-onprem'];
const ONLINE: readonly MailSystem[] = ['exchange-online'];
const YES_NO: readonly Choice[] = [{ value: 'yes', label: 'yes' }, { value: 'no', label: 'no' }];

export const MAIL_SYSTEM_CHOICES: readonly Choice[] = [
  { value: 'exchange-onprem', label: 'Exchange on-premises (EWS)' },
  { value: 'exchange-online', label: 'Exchange Online / Microsoft 365 (Graph)' },
  { value: 'google-workspace', label: 'Google Workspace', unavailable: 'not yet supported' },
  { value: 'hcl-notes', label: 'HCL Notes', unavailable: 'not yet supported' },
];

export const WIZARD_FIELDS: readonly FieldSpec[] = [
  { id: 'kind', label: 'Mail system', kind: 'choice', step: 'system', choices: MAIL_SYSTEM_CHOICES, initial: 'exchange-onprem', rule: 'MEM-1' },

  { id: 'name', label: 'Profile name', kind: 'text', step: 'connection', rule: 'EX-7', hint: 'required, free text' },
  { id: 'server', label: 'Server address', kind: 'text', step: 'connection', systems: ONPREM, rule: 'EX-7', hint: 'host name, never an IP address' },
  { id: 'hostedByThirdParty', label: 'Hosted by a third party', kind: 'toggle', step: 'connection', systems: ONPREM, choices: YES_NO, initial: 'no', rule: 'EX-7' },
  { id: 'virtualDirectory', label: 'Virtual directory', kind: 'text', step: 'connection', systems: ONPREM, rule: 'EX-7', hint: 'normally empty: /EWS/Exchange.asmx' },
  {
    id: 'exchangeVersion', label: 'Exchange version', kind: 'choice', step: 'connection', systems: ONPREM, rule: 'EX-9', initial: 'auto',
    choices: ['auto', 'Exchange2013', 'Exchange2016', 'Exchange2019', 'ExchangeSE'].map((v) => ({ value: v, label: v })),
  },
  { id: 'ports.https', label: 'HTTPS port', kind: 'number', step: 'connection', systems: ONPREM, rule: 'EX-2', initial: '443' },
  { id: 'tenant', label: 'Tenant (ID or domain)', kind: 'text', step: 'connection', systems: ONLINE, rule: 'O365-2' },
  { id: 'clientId', label: 'Application (client) ID', kind: 'text', step: 'connection', systems: ONLINE, rule: 'O365-2', hint: 'a GUID' },
  { id: 'endpoints.authorityHost', label: 'Sign-in authority', kind: 'text', step: 'connection', systems: ONLINE, initial: 'https://login.microsoftonline.com' },
  { id: 'endpoints.graphBaseUrl', label: 'Graph endpoint', kind: 'text', step: 'connection', systems: ONLINE, initial: 'https://graph.microsoft.com' },
  { id: 'intervalMinutes', label: 'Sync interval (minutes)', kind: 'number', step: 'connection', rule: 'EX-7', initial: '15', hint: 'at least 10' },
  { id: 'tls.caFile', label: 'Extra CA file (PEM)', kind: 'text', step: 'connection', rule: 'EX-3', omitEmpty: true, hint: 'absolute path; empty for none' },

  {
    id: 'credentials.authMethod', label: 'Authentication', kind: 'choice', step: 'credentials', systems: ONPREM, rule: 'EX-5', initial: 'ntlm',
    choices: [{ value: 'ntlm', label: 'NTLM' }, { value: 'basic', label: 'Basic (deprecated)' }],
  },
  { id: 'useGraph', label: 'Use MS Graph', kind: 'toggle', step: 'credentials', systems: ONPREM, choices: YES_NO, initial: 'no', rule: 'EX-7', shownWhen: (v) => v['credentials.authMethod'] !== 'basic' },
  { id: 'credentials.user', label: 'Sync account', kind: 'text', step: 'credentials', systems: ONPREM, rule: 'EX-4', hint: 'user, DOMAIN\\user or user@domain' },
  { id: 'credentials.domain', label: 'Domain', kind: 'text', step: 'credentials', systems: ONPREM, rule: 'EX-4', hint: 'empty when the account names it' },
  { id: 'secret:password', label: 'Password', kind: 'secret', step: 'credentials', systems: ONPREM, rule: 'EX-4', hint: 'at most 128 characters' },
  {
    id: 'credentials.mode', label: 'Use these credentials for', kind: 'choice', step: 'credentials', systems: ONPREM, rule: 'EX-10', initial: 'impersonation',
    choices: [{ value: 'impersonation', label: 'all user accounts (impersonation)' }, { value: 'perUser', label: "each user's own credentials" }],
  },
  {
    id: 'accountType', label: 'Account type', kind: 'choice', step: 'credentials', systems: ONLINE, rule: 'O365-1', initial: 'workOrSchool',
    choices: [{ value: 'workOrSchool', label: 'work or school' }, { value: 'personal', label: 'personal' }, { value: 'shared', label: 'shared' }],
  },
  {
    id: 'credentials.kind', label: 'Sign-in', kind: 'choice', step: 'credentials', systems: ONLINE, rule: 'O365-2', initial: 'clientSecret',
    choices: [{ value: 'clientSecret', label: 'app with client secret' }, { value: 'delegated', label: 'each user signs in (delegated)' }],
  },
  { id: 'secret:clientSecret', label: 'Client secret', kind: 'secret', step: 'credentials', systems: ONLINE, rule: 'O365-2', shownWhen: (v) => v['credentials.kind'] !== 'delegated' },

  { id: 'export.appointments', label: 'Export appointments', kind: 'toggle', step: 'sync', choices: YES_NO, initial: 'no', rule: 'EX-12' },
  { id: 'export.accountManagerContacts', label: 'Share account-manager contacts', kind: 'toggle', step: 'sync', choices: YES_NO, initial: 'no', rule: 'EX-12' },
  { id: 'export.serviceCalls', label: 'Export service calls', kind: 'toggle', step: 'sync', choices: YES_NO, initial: 'no', rule: 'EX-12' },
  { id: 'export.todos', label: 'Sync to-dos (both ways)', kind: 'toggle', step: 'sync', choices: YES_NO, initial: 'no', rule: 'EX-12' },
  { id: 'export.publicFolderAllContacts', label: 'Public folder with ALL contacts', kind: 'toggle', step: 'sync', systems: ONPREM, choices: YES_NO, initial: 'no', rule: 'EX-12', hint: '⚠ every Exchange user can read all contacts' },
  {
    id: 'import.appointments', label: 'Import appointments', kind: 'choice', step: 'sync', rule: 'EX-13', initial: 'all',
    choices: [{ value: 'all', label: 'with all details' }, { value: 'noDetails', label: 'without details' }, { value: 'none', label: 'do not import' }],
  },
  { id: 'import.sendFreeTime', label: 'Send free-time appointments', kind: 'toggle', step: 'sync', choices: YES_NO, initial: 'yes', rule: 'EX-13', shownWhen: (v) => v['import.appointments'] !== 'none' },
  { id: 'windows.pastDays', label: 'Past days to look back', kind: 'number', step: 'sync', rule: 'EX-14', initial: '7', hint: '1..30' },
  { id: 'windows.recurringDaysAhead', label: 'Recurring days ahead', kind: 'number', step: 'sync', rule: 'EX-14', initial: '30', hint: '1..30' },
  // On-premises profiles ingest no mail unless folders are chosen (their schema default); online ones start with the Inbox.
  { id: 'mail.folders', label: 'Mail folders', kind: 'list', step: 'sync', rule: 'O365-3', initial: 'Inbox', initialBySystem: { 'exchange-onprem': '' }, hint: 'paths like Inbox/Clients, ; between, ≤5 levels' },
  { id: 'sharedMailboxes', label: 'Shared mailboxes', kind: 'list', step: 'sync', rule: 'O365-4', hint: 'addresses, ; between' },
  { id: 'staff', label: 'Staff to enable', kind: 'list', step: 'sync', rule: 'EX-15', hint: 'addresses, ; between (more in Staff)' },

  { id: 'notificationAddresses', label: 'Notify on problems', kind: 'text', step: 'notifications', rule: 'EX-11', hint: 'addresses separated by ;' },
  { id: 'enabled', label: 'Enable integration', kind: 'toggle', step: 'notifications', choices: YES_NO, initial: 'yes', rule: 'EX-6' },
];

/** The fields of one step for the chosen mail system, in table order, honouring shownWhen. */
export function fieldsOf(step: WizardStepId, values: Readonly<Record<string, string>>): FieldSpec[] {
  const system = values.kind as MailSystem;
  return WIZARD_FIELDS.filter((f) => f.step === step && (!f.systems || f.systems.includes(system)) && (!f.shownWhen || f.shownWhen(values)));
}

/** A field's starting value for a mail system. */
export function initialFor(field: FieldSpec, system: MailSystem): string {
  return field.initialBySystem?.[system] ?? field.initial ?? '';
}

export function initialValues(): Record<string, string> {
  const system = (WIZARD_FIELDS.find((f) => f.id === 'kind')?.initial ?? 'exchange-onprem') as MailSystem;
  return Object.fromEntries(WIZARD_FIELDS.map((f) => [f.id, initialFor(f, system)]));
}
