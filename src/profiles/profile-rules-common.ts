/**
 * Validation rules every profile kind shares, as a table: schedule (EX-7), windows
 * (EX-14), notifications (EX-11), export/import options (EX-12, EX-13), staff (EX-15),
 * identity attribute (MEM-5), TLS trust (EX-3) and the outbound proxy (profile-rules-proxy.ts).
 * Adding a rule is adding a row.
 */
import path from 'node:path';
import { isEmailAddress, splitAddressList } from './email-address.js';
import type { ProfileRule, RuleHit } from './profile-issue.js';
import { PROXY_RULES } from './profile-rules-proxy.js';
import { isOnlineProfile, type Profile } from './profile-schema.js';

export const MIN_INTERVAL_MINUTES = 10;
export const WINDOW_RANGE = { min: 1, max: 30 } as const;
export const MAX_PROFILE_NAME_LENGTH = 64;

const q = (value: unknown): string => JSON.stringify(value);

function windowHits(profile: Profile): RuleHit[] {
  const fields = ['pastDays', 'recurringDaysAhead'] as const;
  return fields
    .filter((f) => profile.windows[f] < WINDOW_RANGE.min || profile.windows[f] > WINDOW_RANGE.max)
    .map((f) => ({ path: `windows.${f}`, detail: { value: profile.windows[f] } }));
}

function notificationHits(profile: Profile): RuleHit[] {
  return splitAddressList(profile.notificationAddresses)
    .filter((entry) => !entry.includes(',') && !isEmailAddress(entry))
    .map((entry) => ({ path: 'notificationAddresses', detail: { value: entry } }));
}

function duplicateStaffHits(profile: Profile): RuleHit[] {
  const seen = new Map<string, number>();
  const hits: RuleHit[] = [];
  profile.staff.forEach((member, i) => {
    const key = member.user.trim().toLowerCase();
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else hits.push({ path: `staff[${i}].user`, detail: { value: member.user, first } });
  });
  return hits;
}

export const COMMON_RULES: readonly ProfileRule<Profile>[] = [
  {
    code: 'MB_PROFILE_NAME_INVALID',
    rule: 'EX-7',
    severity: 'error',
    path: 'name',
    test: (p) => {
      const bad =
        p.name.trim().length === 0 ||
        p.name !== p.name.trim() ||
        p.name.length > MAX_PROFILE_NAME_LENGTH ||
        p.name === '.' ||
        p.name === '..' ||
        // The name keys the profile's secrets, where "/" and "\\" would name a path (agent/secrets/secret-ref.ts).
        // eslint-disable-next-line no-control-regex
        /[/\\\u0000-\u001f\u007f]/.test(p.name);
      return bad ? [{ path: 'name', detail: { value: p.name } }] : [];
    },
    problem: (h) => `${q(h.detail?.value)} is not a usable profile name`,
    fix: `enter a name of 1 to ${MAX_PROFILE_NAME_LENGTH} characters without leading or trailing spaces, "/", "\\" or control characters`,
  },
  {
    code: 'MB_INTERVAL_TOO_SHORT',
    rule: 'EX-7',
    severity: 'error',
    path: 'intervalMinutes',
    test: (p) => (p.intervalMinutes < MIN_INTERVAL_MINUTES ? [{ path: 'intervalMinutes', detail: { value: p.intervalMinutes } }] : []),
    problem: (h) => `${h.detail?.value} minutes is shorter than the minimum sync interval of ${MIN_INTERVAL_MINUTES}`,
    fix: `set intervalMinutes to ${MIN_INTERVAL_MINUTES} or more (a real sync can take longer than the interval)`,
  },
  {
    code: 'MB_WINDOW_OUT_OF_RANGE',
    rule: 'EX-14',
    severity: 'error',
    path: 'windows',
    test: windowHits,
    problem: (h) => `${h.detail?.value} days is outside ${WINDOW_RANGE.min}..${WINDOW_RANGE.max}`,
    fix: `enter a number of days from ${WINDOW_RANGE.min} to ${WINDOW_RANGE.max}`,
  },
  {
    code: 'MB_NOTIFICATION_SEPARATOR',
    rule: 'EX-11',
    severity: 'error',
    path: 'notificationAddresses',
    test: (p) =>
      splitAddressList(p.notificationAddresses)
        .filter((entry) => entry.includes(','))
        .map((entry) => ({ path: 'notificationAddresses', detail: { value: entry } })),
    problem: (h) => `${q(h.detail?.value)} uses a comma between addresses`,
    fix: 'separate notification addresses with semicolons, e.g. "ops@example.com; it@example.com"',
  },
  {
    code: 'MB_NOTIFICATION_ADDRESS_INVALID',
    rule: 'EX-11',
    severity: 'error',
    path: 'notificationAddresses',
    test: notificationHits,
    problem: (h) => `${q(h.detail?.value)} is not an e-mail address`,
    fix: 'enter e-mail addresses such as ops@example.com, separated by semicolons',
  },
  {
    code: 'MB_PUBLIC_FOLDER_EXPOSES_CONTACTS',
    rule: 'EX-12',
    severity: 'warning',
    path: 'export.publicFolderAllContacts',
    test: (p) => (p.export.publicFolderAllContacts ? [{ path: 'export.publicFolderAllContacts' }] : []),
    problem: () => 'the public folder with ALL contacts is readable by every Exchange user, not only those using the integration, who can download all contact data',
    fix: 'keep it only if every Exchange user may see every contact; otherwise set it to false',
  },
  {
    code: 'MB_PUBLIC_FOLDER_NEEDS_EWS',
    rule: 'EX-12',
    severity: 'error',
    path: 'export.publicFolderAllContacts',
    test: (p) =>
      // An on-premises profile always syncs through EWS, even with useGraph (MB_GRAPH_ONPREM_NOT_SUPPORTED says so).
      p.export.publicFolderAllContacts && isOnlineProfile(p) ? [{ path: 'export.publicFolderAllContacts' }] : [],
    problem: () => 'a public folder of all contacts can only be created through EWS, and this profile uses Microsoft Graph',
    fix: 'set export.publicFolderAllContacts to false, or use an on-premises profile (EWS)',
  },
  {
    code: 'MB_FREE_TIME_WITHOUT_IMPORT',
    rule: 'EX-13',
    severity: 'warning',
    path: 'import.sendFreeTime',
    test: (p) => (p.import.appointments === 'none' && p.import.sendFreeTime ? [{ path: 'import.sendFreeTime' }] : []),
    problem: () => 'free-time appointments cannot be sent when import.appointments is "none"',
    fix: 'remove import.sendFreeTime (or set it false), or choose import mode "all" or "noDetails"',
  },
  {
    code: 'MB_STAFF_DUPLICATE',
    rule: 'EX-15',
    severity: 'error',
    path: 'staff',
    test: duplicateStaffHits,
    problem: (h) => `${q(h.detail?.value)} is already listed as staff[${h.detail?.first}]`,
    fix: 'list each staff member once',
  },
  {
    code: 'MB_NO_STAFF_ENABLED',
    rule: 'EX-15',
    severity: 'warning',
    path: 'staff',
    test: (p) => (p.enabled && !p.staff.some((m) => m.enabled) ? [{ path: 'staff' }] : []),
    problem: () => 'no staff member is enabled, and sync is never automatic for a user, so nothing will sync',
    fix: 'enable the staff members to sync explicitly (staff[].enabled: true)',
  },
  {
    code: 'MB_IDENTITY_ATTRIBUTE_INVALID',
    rule: 'MEM-5',
    severity: 'error',
    path: 'identityAttribute',
    test: (p) =>
      /^[A-Za-z][A-Za-z0-9-]{0,63}$/.test(p.identityAttribute) ? [] : [{ path: 'identityAttribute', detail: { value: p.identityAttribute } }],
    problem: (h) => `${q(h.detail?.value)} is not a directory attribute name`,
    fix: 'enter an attribute name such as mail, userPrincipalName or extensionAttribute1 (default: mail)',
  },
  {
    code: 'MB_STAFF_USER_NOT_ADDRESS',
    rule: 'MEM-5',
    severity: 'error',
    path: 'staff',
    test: (p) =>
      p.identityAttribute === 'mail'
        ? p.staff.flatMap((m, i) => (isEmailAddress(m.user.trim()) ? [] : [{ path: `staff[${i}].user`, detail: { value: m.user } }]))
        : [],
    problem: (h) => `${q(h.detail?.value)} is not an e-mail address, and users are matched by mail`,
    fix: 'enter the mailbox address, or set identityAttribute to the directory attribute that holds this value',
  },
  {
    code: 'MB_CA_FILE_NOT_ABSOLUTE',
    rule: 'EX-3',
    severity: 'error',
    path: 'tls.caFile',
    test: (p) =>
      p.tls.caFile !== undefined && !path.isAbsolute(p.tls.caFile) ? [{ path: 'tls.caFile', detail: { value: p.tls.caFile } }] : [],
    problem: (h) => `${q(h.detail?.value)} is a relative path, and the agent runs in another directory`,
    fix: 'enter the absolute path of the CA bundle (PEM), e.g. /etc/ssl/certs/internal-ca.pem',
  },
  {
    code: 'MB_TLS_NO_TRUST_ANCHOR',
    rule: 'EX-3',
    severity: 'error',
    path: 'tls',
    test: (p) => (!p.tls.systemTrustStore && !p.tls.caFile ? [{ path: 'tls.systemTrustStore' }] : []),
    problem: () => 'the system trust store is off and no CA file is set, so no server certificate could ever be trusted',
    fix: 'set tls.systemTrustStore to true, or set tls.caFile to your internal CA bundle',
  },
  // The outbound proxy (issue #7), its own table.
  ...PROXY_RULES,
];
