/**
 * EX-12's public folder of all contacts, over EWS: the connector's PublicContactsCapability.
 *
 * Exchange 2013+ keeps public folders in a public folder mailbox, and a public folder
 * request reaches it only when X-AnchorMailbox and X-PublicFolderMailbox name it; the
 * address is the PublicFolderInformation of a POX Autodiscover answer (Microsoft: "Route
 * public folder hierarchy/content requests"). The organisation has one hierarchy, so the
 * address is looked up once per connector and every call carries it. Calls go out as the
 * sync account itself — one ExchangeService without ImpersonatedUserId — since a public
 * folder belongs to no staff member.
 */
import ews from 'ews-javascript-api';
import type { ContactData, PublicContactsCapability, PublicFolderInfo, RemoteItem } from '../connector.js';
import { ConnectorError } from '../connector-errors.js';
import { mapEwsError } from './ews-error-map.js';
import { bindItem, fullPropertySet, LOCAL_ID_PROPERTY, localIdOf, localIdPropertySet, toRemoteItem, writeItem, writtenData } from './ews-item-mapping.js';
import { exchangeContext, type ExchangeRecord, type ProfileXhrApi } from './profile-xhr-api.js';
import { TransportAuthenticatedCredentials } from './transport-credentials.js';

export interface EwsPublicContactsOptions {
  xhr: ProfileXhrApi;
  ewsUrl: string;
  version: ews.ExchangeVersion;
  /** Addresses Autodiscover is asked for, in order, until one answers with PublicFolderInformation. */
  autodiscoverAddresses: string[];
}

const WHERE = 'public folders';
const PAGE = 200;
const ITEM_NOT_FOUND = new Set(['ErrorItemNotFound', 'ErrorInvalidIdMalformed']);
const NO_TASK_OCCURRENCES = null as unknown as ews.AffectedTaskOccurrence;
const REQUEST_SCHEMA = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006';
const RESPONSE_SCHEMA = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The SmtpAddress of PublicFolderInformation in a POX Autodiscover answer (MS-OXDSCLI 2.2.4.1.1.2.7). */
export function publicFolderAddressOf(answer: string): string | null {
  const m = /<PublicFolderInformation>\s*<SmtpAddress>\s*([^<\s]+)\s*<\/SmtpAddress>/.exec(answer);
  return m ? (m[1] as string) : null;
}

export class EwsPublicContacts implements PublicContactsCapability {
  private service: Promise<ews.ExchangeService> | null = null;

  constructor(private readonly options: EwsPublicContactsOptions) {}

  /** Asks POX Autodiscover (beside the EWS URL) where public folder requests are routed. */
  private async discoverRoute(): Promise<string> {
    const url = `${new URL(this.options.ewsUrl).origin}/autodiscover/autodiscover.xml`;
    for (const address of this.options.autodiscoverAddresses) {
      const body = `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="${REQUEST_SCHEMA}"><Request>`
        + `<EMailAddress>${escapeXml(address)}</EMailAddress><AcceptableResponseSchema>${RESPONSE_SCHEMA}</AcceptableResponseSchema></Request></Autodiscover>`;
      const record: ExchangeRecord = {};
      let text: string;
      try {
        const answer = await exchangeContext.run(record, () => this.options.xhr.xhr({ type: 'POST', url, data: body, headers: { 'Content-Type': 'text/xml; charset=utf-8' } }));
        text = String(answer.responseText ?? '');
      } catch (error) {
        throw mapEwsError(error instanceof Error ? error : new Error(`Autodiscover answered HTTP ${record.lastFailure?.status ?? '?'}`), record, WHERE);
      }
      const found = publicFolderAddressOf(text);
      if (found) return found;
    }
    throw new ConnectorError({
      protocol: 'ews', code: 'ErrorNoPublicFolderReplicaAvailable', mailbox: WHERE,
      message: `Autodiscover at ${url} names no public folder mailbox (PublicFolderInformation) for ${this.options.autodiscoverAddresses.join(', ') || 'any address'}: the organisation has no public folders, or the sync account cannot see them (EX-12)`,
    });
  }

  private routedService(): Promise<ews.ExchangeService> {
    this.service ??= this.discoverRoute().then((address) => {
      const s = new ews.ExchangeService(this.options.version);
      s.Url = new ews.Uri(this.options.ewsUrl);
      s.Credentials = new TransportAuthenticatedCredentials();
      s.XHRApi = this.options.xhr;
      s.HttpHeaders.Add('X-AnchorMailbox', address);
      s.HttpHeaders.Add('X-PublicFolderMailbox', address);
      return s;
    }).catch((error: unknown) => {
      this.service = null; // looked up again on the next call
      throw error;
    });
    return this.service;
  }

  private async call<T>(run: (service: ews.ExchangeService) => Promise<T>): Promise<T> {
    const service = await this.routedService();
    const record: ExchangeRecord = {};
    try {
      return await exchangeContext.run(record, () => run(service));
    } catch (error) {
      throw mapEwsError(error, record, WHERE);
    }
  }

  async ensureFolder(name: string): Promise<PublicFolderInfo> {
    const existing = await this.findFolder(name);
    if (existing) return existing;
    try {
      return await this.call(async (service) => {
        const folder = new ews.ContactsFolder(service);
        folder.DisplayName = name;
        await folder.Save(new ews.FolderId(ews.WellKnownFolderName.PublicFoldersRoot));
        return { id: folder.Id.UniqueId, displayName: name };
      });
    } catch (error) {
      // Created meanwhile (another run, or a lost answer): take the one that exists.
      if (error instanceof ConnectorError && error.code === 'ErrorFolderExists') {
        const found = await this.findFolder(name);
        if (found) return found;
      }
      throw error;
    }
  }

  private async findFolder(name: string): Promise<PublicFolderInfo | null> {
    const hit = await this.call(async (service) => {
      const props = new ews.PropertySet(ews.BasePropertySet.IdOnly, [ews.FolderSchema.DisplayName, ews.FolderSchema.FolderClass]);
      for (let offset = 0; ; ) {
        const view = new ews.FolderView(PAGE, offset);
        view.PropertySet = props;
        const page = await service.FindFolders(new ews.FolderId(ews.WellKnownFolderName.PublicFoldersRoot), view);
        const match = page.Folders.find((f) => f.DisplayName.toLowerCase() === name.toLowerCase());
        if (match) return { id: match.Id.UniqueId, displayName: match.DisplayName, folderClass: match.FolderClass ?? '' };
        if (!page.MoreAvailable || page.Folders.length === 0) return null;
        offset = page.NextPageOffset ?? offset + page.Folders.length;
      }
    });
    if (!hit) return null;
    if (!hit.folderClass.startsWith('IPF.Contact')) {
      throw new ConnectorError({
        protocol: 'ews', code: 'ErrorFolderExists', mailbox: WHERE,
        message: `The public folder "${name}" exists but holds ${hit.folderClass || 'mail'} items, not contacts (EX-12): rename it, or the profile`,
      });
    }
    return { id: hit.id, displayName: hit.displayName };
  }

  async createContact(folderId: string, data: ContactData, localId: string): Promise<RemoteItem<'contact'>> {
    return this.call(async (service) => {
      const item = new ews.Contact(service);
      writeItem('contact', item, data);
      item.SetExtendedProperty(LOCAL_ID_PROPERTY, localId);
      await item.Save(new ews.FolderId(folderId));
      const created: RemoteItem<'contact'> = { kind: 'contact', id: item.Id.UniqueId, data: writtenData('contact', item, data), localId };
      if (item.Id.ChangeKey) created.changeKey = item.Id.ChangeKey;
      return created;
    });
  }

  async updateContact(id: string, data: Partial<ContactData>): Promise<RemoteItem<'contact'>> {
    return this.call(async (service) => {
      const item = await bindItem('contact', service, id, fullPropertySet('contact'));
      writeItem('contact', item, data);
      await item.Update(ews.ConflictResolutionMode.AlwaysOverwrite);
      const updated = toRemoteItem('contact', item);
      updated.data = { ...updated.data, ...writtenData('contact', item, data) };
      return updated;
    });
  }

  async deleteContact(id: string): Promise<boolean> {
    return this.call(async (service) => {
      // A public folder has no Deleted Items; the copy holds nothing the application lacks.
      const responses = await service.DeleteItems([new ews.ItemId(id)], ews.DeleteMode.HardDelete, ews.SendCancellationsMode.SendToNone, NO_TASK_OCCURRENCES);
      const first = responses.Responses[0];
      if (!first || first.Result === ews.ServiceResult.Success) return true;
      const code = ews.ServiceError[first.ErrorCode];
      if (ITEM_NOT_FOUND.has(code)) return false;
      throw new ConnectorError({ protocol: 'ews', code, mailbox: WHERE, message: `EWS ${code}: ${first.ErrorMessage}` });
    });
  }

  async findByLocalId(folderId: string, localId: string): Promise<RemoteItem<'contact'> | null> {
    const id = await this.call(async (service) => {
      const filter = new ews.SearchFilter.IsEqualTo(LOCAL_ID_PROPERTY, localId);
      for (let offset = 0; ; ) {
        const view = new ews.ItemView(PAGE, offset);
        view.PropertySet = localIdPropertySet();
        const page = await service.FindItems(new ews.FolderId(folderId), filter, view);
        const hit = page.Items.find((i) => localIdOf(i) === localId);
        if (hit) return hit.Id.UniqueId;
        if (!page.MoreAvailable || page.Items.length === 0) return null;
        offset = page.NextPageOffset ?? offset + page.Items.length;
      }
    });
    if (id === null) return null;
    try {
      return await this.call(async (service) => toRemoteItem('contact', await bindItem('contact', service, id, fullPropertySet('contact'))));
    } catch (error) {
      if (error instanceof ConnectorError && ITEM_NOT_FOUND.has(error.code)) return null;
      throw error;
    }
  }
}
