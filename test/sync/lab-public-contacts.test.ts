// EX-12's public folder with ALL contacts (EWS only), end to end against the lab through the
// real EWS connector (ews-javascript-api): the lab keeps public folders in a public folder
// mailbox reached with X-AnchorMailbox / X-PublicFolderMailbox from Autodiscover, as
// Exchange 2013+ does. Contacts of two staff members land in the folder once each, a local
// update and delete follow, a create whose answer was lost is adopted, nothing happens with
// the option off, and a Graph profile is refused by the profile rules and has no public
// folder capability. The operator sees the EX-12 warning in validation, `check` and the
// wizard (#7).
import ews from 'ews-javascript-api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ewsUrlOf } from '../../agent/connectors/ews/create-ews-connector.js';
import type { ProfileXhrApi } from '../../agent/connectors/ews/profile-xhr-api.js';
import { TransportAuthenticatedCredentials } from '../../agent/connectors/ews/transport-credentials.js';
import { runChecks } from '../../agent/checks/runner.js';
import { profileValidCheck } from '../../agent/checks/profile-valid.js';
import type { Connector, ContactData, PublicContactsCapability } from '../../agent/connectors/connector.js';
import { LOCAL_ID_PROPERTY_NAME, MAILBRIDGE_PROPERTY_SET } from '../../agent/connectors/local-id-property.js';
import { LocalStore } from '../../agent/sync/local-store.js';
import { PUBLIC_CONTACTS_MAILBOX, PUBLIC_CONTACTS_STEP, publicContactsFolderName } from '../../agent/sync/public-contacts-sync.js';
import type { FolderProgress } from '../../agent/sync/sync-context.js';
import type { ContactItem } from '../../fixtures/lab/model/types.js';
import { validateProfile } from '../../src/profiles/validate-profile.js';
import { valuesFromProfile } from '../../tui/wizard/profile-values.js';
import { validateWizard } from '../../tui/wizard/validate-values.js';
import { startConnectorLab, type ConnectorLab } from '../connectors/connector-lab.js';
import { onlineInput, onpremInput } from '../profiles/profile-fixtures.js';
import { labProfile, labSync, model, type LabSync } from './lab-sync-kit.js';

let env: ConnectorLab;
const open: LabSync[] = [];
const LOCAL_ID_KEY = `{${MAILBRIDGE_PROPERTY_SET.toUpperCase()}}:${LOCAL_ID_PROPERTY_NAME}`;

beforeAll(async () => {
  env = await startConnectorLab({ items: 10, mailboxes: 3 });
}, 60_000);

afterAll(async () => {
  for (const s of open) await s.close();
  await env?.stop();
});

const staff = () => env.lab.document.mailboxes.slice(0, 2) as [string, string];

/** An on-prem lab profile under its own name (so each test has its own public folder), with the lab's secrets. */
async function start(publicFolder: boolean, name: string, mailboxes: string[] = staff()): Promise<LabSync> {
  const entry = env.lab.document.profiles.find((p) => p.name === 'lab-onprem');
  for (const [field, value] of Object.entries(entry?.secrets ?? {})) await env.secrets.set({ profile: name, field }, value);
  const s = await labSync(env, labProfile(env, 'ews', mailboxes, { name, export: { accountManagerContacts: true, publicFolderAllContacts: publicFolder } }));
  open.push(s);
  return s;
}

/** The public folder of a profile in the lab's public folder mailbox, or undefined. */
function publicFolder(profile: string) {
  const m = model(env);
  const pf = m.publicFolderMailbox();
  if (!pf) throw new Error('the lab has no public folder mailbox');
  return m.childFolders(m.wellKnownFolder(pf.id, 'publicfoldersroot').id).find((f) => f.displayName === publicContactsFolderName(profile));
}

function publicContacts(profile: string): ContactItem[] {
  const folder = publicFolder(profile);
  return folder ? (model(env).items(folder.id) as ContactItem[]) : [];
}

const byLocalId = (items: ContactItem[], localId: string) => items.filter((c) => c.extendedProperties[LOCAL_ID_KEY] === localId);

function contact(mailbox: string, localId: string, data: ContactData) {
  return { localId, kind: 'contact' as const, mailbox, data: data as Record<string, unknown> };
}

describe('EX-12 public folder with all contacts (EWS)', () => {
  test('contacts of two staff members land once each; a local update and a local delete follow; a second run writes nothing', async () => {
    const s = await start(true, 'pf-main');
    const [a, b] = staff();
    s.kit.items.upsert(s.kit.profile.name, [
      contact(a, 'pf-c1', { displayName: 'Ada Acme', companyName: 'Acme', emailAddresses: ['ada@acme.example'] }),
      contact(a, 'pf-c2', { displayName: 'Bob Builder', businessPhone: '+31 20 555 0100' }),
      contact(b, 'pf-c3', { displayName: 'Cleo Contoso', jobTitle: 'Buyer' }),
    ]);
    const events: FolderProgress[] = [];
    const first = await s.kit.sync({ progress: (e) => events.push(e) });
    expect(first.errors).toEqual([]);
    const folder = publicFolder('pf-main');
    expect(folder?.folderClass).toBe('IPF.Contact');
    let items = publicContacts('pf-main');
    expect(items).toHaveLength(3);
    for (const id of ['pf-c1', 'pf-c2', 'pf-c3']) expect(byLocalId(items, id)).toHaveLength(1);
    expect(byLocalId(items, 'pf-c1')[0]).toMatchObject({ displayName: 'Ada Acme', companyName: 'Acme' });
    expect(byLocalId(items, 'pf-c3')[0]?.jobTitle).toBe('Buyer');
    // Each staff member's own Contacts folder got theirs too (EX-12 account-manager export), so created counts both.
    expect(first.created).toBe(6);
    // The step is one per run, reported under the reserved key, not per mailbox.
    const steps = events.filter((e) => e.folder === PUBLIC_CONTACTS_STEP);
    expect(steps.map((e) => [e.mailbox, e.phase])).toEqual([[PUBLIC_CONTACTS_MAILBOX, 'started'], [PUBLIC_CONTACTS_MAILBOX, 'finished']]);
    // Pairs under the reserved key, one per contact; the staff mailboxes keep their own.
    const local = new LocalStore(s.kit.store.db);
    expect(local.pairsOfKind('pf-main', PUBLIC_CONTACTS_MAILBOX, 'contact').map((p) => p.local_id).sort()).toEqual(['pf-c1', 'pf-c2', 'pf-c3']);
    expect(local.pairsOfKind('pf-main', a, 'contact')).toHaveLength(2);

    const again = await s.kit.sync();
    expect(again.errors).toEqual([]);
    expect([again.created, again.updated, again.deleted]).toEqual([0, 0, 0]);
    expect(publicContacts('pf-main')).toHaveLength(3);

    s.kit.items.upsert(s.kit.profile.name, [contact(a, 'pf-c1', { displayName: 'Ada Acme-Smith', companyName: 'Acme', emailAddresses: ['ada@acme.example'] })]);
    s.kit.items.delete(s.kit.profile.name, ['pf-c3']);
    const third = await s.kit.sync();
    expect(third.errors).toEqual([]);
    items = publicContacts('pf-main');
    expect(items).toHaveLength(2);
    expect(byLocalId(items, 'pf-c1')[0]?.displayName).toBe('Ada Acme-Smith');
    expect(byLocalId(items, 'pf-c3')).toEqual([]);
    expect(local.pairByLocal('pf-main', PUBLIC_CONTACTS_MAILBOX, 'pf-c3')).toBeUndefined();
  });

  test('a create whose answer was lost is found by its local id and adopted, not created twice', async () => {
    // One staff mailbox, so a run that counted the public folder as a mailbox would end 'failed'.
    const [a] = staff();
    const s = await start(true, 'pf-lost', [a as string]);
    const real = s.connector.publicContacts as PublicContactsCapability;
    let dropped = 0;
    // The request reaches Exchange and the contact is created; the answer never comes back.
    const losing: PublicContactsCapability = {
      ensureFolder: (name) => real.ensureFolder(name),
      createContact: async (folderId, data, localId) => {
        await real.createContact(folderId, data, localId);
        dropped += 1;
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      },
      updateContact: (id, data) => real.updateContact(id, data),
      deleteContact: (id) => real.deleteContact(id),
      findByLocalId: (folderId, localId) => real.findByLocalId(folderId, localId),
    };
    const lossy = Object.create(s.connector, { publicContacts: { value: losing } }) as Connector;
    s.kit.items.upsert(s.kit.profile.name, [contact(a, 'pf-lost-1', { displayName: 'Lost Answer' })]);
    const failed = await s.kit.sync({ connector: lossy });
    expect(dropped).toBe(1);
    expect(failed.errors.map((e) => [e.mailbox, e.folder])).toEqual([[PUBLIC_CONTACTS_MAILBOX, PUBLIC_CONTACTS_STEP]]);
    // The mailboxes synced: the public folder's failure makes the run partial, not failed.
    const outcome = s.kit.store.db.prepare('SELECT outcome FROM sync_runs ORDER BY started_at DESC LIMIT 1').pluck().get();
    expect(outcome).toBe('partial');
    const local = new LocalStore(s.kit.store.db);
    const noted = local.pairByLocal('pf-lost', PUBLIC_CONTACTS_MAILBOX, 'pf-lost-1');
    expect(noted?.remote_id).toBeNull();
    expect(noted?.create_started_at).not.toBeNull();
    expect(publicContacts('pf-lost')).toHaveLength(1);

    // The next run (answers arrive again) looks the contact up instead of creating a second one.
    s.kit.items.upsert(s.kit.profile.name, [contact(a, 'pf-lost-1', { displayName: 'Lost Answer, found' })]);
    const next = await s.kit.sync();
    expect(next.errors).toEqual([]);
    const items = publicContacts('pf-lost');
    expect(items).toHaveLength(1);
    expect(items[0]?.displayName).toBe('Lost Answer, found');
    expect(local.pairByLocal('pf-lost', PUBLIC_CONTACTS_MAILBOX, 'pf-lost-1')?.remote_id).toBe(items[0]?.id);
  });

  test('public folder calls go out as the sync account (never impersonating a staff member); a contact removed in Exchange is created again', async () => {
    const s = await start(true, 'pf-wire');
    const [a] = staff();
    const xhr = (s.connector as unknown as { xhr: ProfileXhrApi }).xhr;
    const sent: Array<{ routed: boolean; impersonating: boolean }> = [];
    const send = xhr.xhr.bind(xhr);
    xhr.xhr = (options) => {
      const headers = (options.headers ?? {}) as Record<string, unknown>;
      const body = String(options.data ?? '');
      if (body.includes('Envelope')) sent.push({ routed: 'X-PublicFolderMailbox' in headers, impersonating: body.includes('ExchangeImpersonation') });
      return send(options);
    };
    s.kit.items.upsert(s.kit.profile.name, [contact(a, 'pf-wire-1', { displayName: 'Wire Watcher' })]);
    expect((await s.kit.sync()).errors).toEqual([]);
    const routed = sent.filter((r) => r.routed);
    expect(routed.length).toBeGreaterThanOrEqual(2); // FindFolder (+ CreateFolder) and CreateItem at least
    expect(routed.every((r) => !r.impersonating)).toBe(true);
    // The staff mailbox's own calls do impersonate (the lab profile's mode, EX-10).
    expect(sent.filter((r) => !r.routed).some((r) => r.impersonating)).toBe(true);

    // An admin empties the folder; the next local change re-creates the contact instead of failing every run.
    const [gone] = byLocalId(publicContacts('pf-wire'), 'pf-wire-1');
    model(env).deleteItem(gone?.id as string);
    s.kit.items.upsert(s.kit.profile.name, [contact(a, 'pf-wire-1', { displayName: 'Wire Watcher II' })]);
    const again = await s.kit.sync();
    expect(again.errors).toEqual([]);
    const back = byLocalId(publicContacts('pf-wire'), 'pf-wire-1');
    expect(back.map((c) => c.displayName)).toEqual(['Wire Watcher II']);
    expect(back[0]?.id).not.toBe(gone?.id);
  });

  test('with the option off nothing is created in the public folders', async () => {
    const s = await start(false, 'pf-off');
    s.kit.items.upsert(s.kit.profile.name, [contact(staff()[0], 'pf-off-1', { displayName: 'Private Person' })]);
    const events: FolderProgress[] = [];
    const summary = await s.kit.sync({ progress: (e) => events.push(e) });
    expect(summary.errors).toEqual([]);
    expect(publicFolder('pf-off')).toBeUndefined();
    expect(events.some((e) => e.folder === PUBLIC_CONTACTS_STEP)).toBe(false);
    expect(new LocalStore(s.kit.store.db).pairsOfKind('pf-off', PUBLIC_CONTACTS_MAILBOX, 'contact')).toEqual([]);
  });

  test('the lab refuses public folder requests without the Autodiscover routing headers, as Exchange 2013+ does', async () => {
    const m = model(env);
    const pf = m.publicFolderMailbox();
    expect(pf?.kind).toBe('publicFolder');
    // Not a recipient: the directory does not list it.
    expect(m.mailboxes().some((x) => x.kind === 'publicFolder')).toBe(false);
    const s = await start(true, 'pf-route');
    // The library itself, over the connector's transport, as the sync account (no impersonation).
    const service = new ews.ExchangeService(ews.ExchangeVersion.Exchange2016);
    service.Url = new ews.Uri(ewsUrlOf(env.onprem));
    service.Credentials = new TransportAuthenticatedCredentials();
    service.XHRApi = (s.connector as unknown as { xhr: ProfileXhrApi }).xhr;
    const root = () => service.FindFolders(new ews.FolderId(ews.WellKnownFolderName.PublicFoldersRoot), new ews.FolderView(10));
    const refused = await root().then(() => null, (e: unknown) => e as { ErrorCode?: number });
    expect(refused?.ErrorCode).toBe(ews.ServiceError.ErrorNoPublicFolderReplicaAvailable);
    service.HttpHeaders.Add('X-AnchorMailbox', pf?.primarySmtp as string);
    service.HttpHeaders.Add('X-PublicFolderMailbox', pf?.primarySmtp as string);
    await expect(root()).resolves.toBeTruthy();
    // The connector finds the address through Autodiscover and its folder lands in the public folder mailbox.
    const folder = await (s.connector.publicContacts as PublicContactsCapability).ensureFolder('routing probe');
    expect(m.getFolder(folder.id)?.mailboxId).toBe(pf?.id);
    expect((await (s.connector.publicContacts as PublicContactsCapability).ensureFolder('Routing Probe')).id).toBe(folder.id);
  });
});

describe('EX-12 is EWS only, and the operator is warned', () => {
  test('an Exchange Online profile with the option is refused (MB_PUBLIC_FOLDER_NEEDS_EWS); its Graph connector has no public folder capability', async () => {
    const result = validateProfile(onlineInput({ export: { publicFolderAllContacts: true } }));
    expect(result.valid).toBe(false);
    expect(result.issues.find((i) => i.code === 'MB_PUBLIC_FOLDER_NEEDS_EWS')).toMatchObject({ rule: 'EX-12', severity: 'error', path: 'export.publicFolderAllContacts' });
    // Even a profile that slipped past validation never reaches the step: Graph has no public folders.
    const g = await labSync(env, labProfile(env, 'graph', [env.lab.document.mailboxes[1] as string], { export: { accountManagerContacts: true, publicFolderAllContacts: true } }));
    open.push(g);
    expect(g.connector.publicContacts).toBeUndefined();
    g.kit.items.upsert(g.kit.profile.name, [contact(env.lab.document.mailboxes[1] as string, 'pf-graph-1', { displayName: 'Online Only' })]);
    const events: FolderProgress[] = [];
    const summary = await g.kit.sync({ progress: (e) => events.push(e) });
    expect(summary.errors).toEqual([]);
    expect(events.some((e) => e.folder === PUBLIC_CONTACTS_STEP)).toBe(false);
    expect(publicFolder(g.kit.profile.name)).toBeUndefined();
  });

  test('validation, `check` (profile.valid) and the wizard show MB_PUBLIC_FOLDER_EXPOSES_CONTACTS where the option is turned on', async () => {
    const input = onpremInput({ export: { publicFolderAllContacts: true } });
    const result = validateProfile(input);
    expect(result.valid).toBe(true);
    const warning = result.issues.find((i) => i.code === 'MB_PUBLIC_FOLDER_EXPOSES_CONTACTS');
    expect(warning).toMatchObject({ rule: 'EX-12', severity: 'warning', path: 'export.publicFolderAllContacts' });
    expect(validateProfile(onpremInput()).issues.some((i) => i.code === 'MB_PUBLIC_FOLDER_EXPOSES_CONTACTS')).toBe(false);

    const report = await runChecks([profileValidCheck(input)], { target: { server: 'mail.contoso.example', ports: {} } });
    expect(report.checks[0]?.status).toBe('warn');
    expect(report.checks[0]?.diagnosis?.code).toBe('MB_PUBLIC_FOLDER_EXPOSES_CONTACTS');

    const values = valuesFromProfile(input as Record<string, unknown>);
    expect(values['export.publicFolderAllContacts']).toBe('yes');
    const wizard = validateWizard(values, {});
    expect(wizard.byField.get('export.publicFolderAllContacts')?.map((i) => [i.code, i.severity])).toEqual([['MB_PUBLIC_FOLDER_EXPOSES_CONTACTS', 'warning']]);
    expect(validateWizard({ ...values, 'export.publicFolderAllContacts': 'no' }, {}).byField.get('export.publicFolderAllContacts')).toBeUndefined();
  });
});
