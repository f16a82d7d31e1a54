/**
 * Mail folder trees on Graph v1.0 (O365-3, O365-4), where `GET /mailFolders` and
 * `/childFolders` list one level each (sync-semantics.md §2.3), at as few round trips as
 * the protocol allows (issue #7):
 * - listTree reads level by level, never below the depth asked for (≤ 5): the top level
 *   in one listing, then the children of every folder of a level that has any
 *   (childFolderCount) in one `$batch` round trip for up to 20 parents — one round trip a
 *   level instead of one per parent;
 * - resolvePath keeps each level it listed for a minute, so the selections of one mailbox
 *   (Inbox, Sent Items, Inbox/Projects, …) share the top-level listing. A name not found
 *   in a remembered level is looked up again in a fresh listing before the path is called
 *   missing, so a folder created since is found; a remembered folder renamed or deleted in
 *   that minute is what the engine's own cache of resolved selections already tolerates
 *   (folder ids are stable; a gone folder fails its delta with a not-found code).
 */
import type { FolderInfo } from '../connector.js';
import { ConnectorError } from '../connector-errors.js';
import { buildFolderTree, pathSegments, type RawFolder } from '../folder-tree.js';
import { batchGet } from './graph-batch-get.js';
import type { Json } from './graph-item-mapping.js';
import { DEFAULT_PAGE, enc, type GraphRequester } from './graph-requester.js';

/** How long resolvePath may reuse a level it listed. */
export const FOLDER_LEVEL_MEMO_MS = 60_000;

function rawFolder(f: Json, parentId: string | null): RawFolder {
  const raw: RawFolder = { id: String(f.id), parentId: typeof f.parentFolderId === 'string' ? f.parentFolderId : parentId, displayName: String(f.displayName ?? '') };
  if (typeof f.childFolderCount === 'number') raw.childFolderCount = f.childFolderCount;
  if (typeof f.totalItemCount === 'number') raw.totalItemCount = f.totalItemCount;
  return raw;
}

function toInfo(raw: RawFolder, parentPath: string, depth: number): FolderInfo {
  const info: FolderInfo = { id: raw.id, parentId: raw.parentId, displayName: raw.displayName, path: parentPath ? `${parentPath}/${raw.displayName}` : raw.displayName, depth };
  if (raw.childFolderCount !== undefined) info.childFolderCount = raw.childFolderCount;
  if (raw.totalItemCount !== undefined) info.totalItemCount = raw.totalItemCount;
  return info;
}

export class GraphFolderTree {
  private readonly memo = new Map<string, { at: number; folders: RawFolder[] }>();

  constructor(private readonly req: GraphRequester, private readonly now: () => number = Date.now) {}

  private levelUrl(mailbox: string, parentId: string | null): string {
    const u = this.req.user(mailbox);
    return this.req.url(parentId === null ? `${u}/mailFolders` : `${u}/mailFolders/${enc(parentId)}/childFolders`);
  }

  /** One level, every page. */
  private async level(mailbox: string, parentId: string | null): Promise<RawFolder[]> {
    return (await this.req.all(mailbox, this.levelUrl(mailbox, parentId))).map((f) => rawFolder(f, parentId));
  }

  /** The child folders of each parent, in one `$batch` round trip per 20 parents (a lone parent: a plain GET). */
  private async childLevels(mailbox: string, parentIds: readonly string[]): Promise<RawFolder[][]> {
    if (parentIds.length === 1) return [await this.level(mailbox, parentIds[0] as string)];
    const pages = await batchGet(this.req, mailbox, parentIds.map((id) => this.levelUrl(mailbox, id)), [`odata.maxpagesize=${DEFAULT_PAGE}`]);
    return Promise.all(pages.map(async (page, i) => {
      const values = Array.isArray(page.value) ? (page.value as Json[]) : [];
      const next = page['@odata.nextLink'];
      // A level longer than a page: the rest of it follows its nextLink.
      if (typeof next === 'string') values.push(...await this.req.all(mailbox, this.req.ownLink(next)));
      return values.map((f) => rawFolder(f, parentIds[i] as string));
    }));
  }

  /** Every folder down to `maxDepth` (1 = top level), depth-first like the EWS listing. */
  async listTree(mailbox: string, maxDepth: number): Promise<FolderInfo[]> {
    const all: RawFolder[] = [];
    let frontier = await this.level(mailbox, null);
    for (let depth = 1; frontier.length > 0; depth++) {
      all.push(...frontier);
      if (depth >= maxDepth) break;
      // childFolderCount 0 needs no request; an unknown count is asked.
      const parents = frontier.filter((f) => f.childFolderCount !== 0).map((f) => f.id);
      frontier = parents.length === 0 ? [] : (await this.childLevels(mailbox, parents)).flat();
    }
    return buildFolderTree(all);
  }

  private async rememberedLevel(mailbox: string, parentId: string | null, fresh: boolean): Promise<{ folders: RawFolder[]; remembered: boolean }> {
    const key = `${mailbox.toLowerCase()}\u0000${parentId ?? ''}`;
    const now = this.now();
    for (const [k, v] of this.memo) if (now - v.at >= FOLDER_LEVEL_MEMO_MS) this.memo.delete(k);
    const known = this.memo.get(key);
    if (known && !fresh) return { folders: known.folders, remembered: true };
    const folders = await this.level(mailbox, parentId);
    this.memo.set(key, { at: now, folders });
    return { folders, remembered: false };
  }

  /** The folder at a display-name path (case-insensitive); the caller has checked the depth (O365-3). */
  async resolvePath(mailbox: string, path: string): Promise<FolderInfo> {
    let parent: FolderInfo | null = null;
    const segments = pathSegments(path);
    for (const [i, name] of segments.entries()) {
      const wanted = name.toLowerCase();
      const find = (folders: RawFolder[]): RawFolder | undefined => folders.find((f) => f.displayName.toLowerCase() === wanted);
      const listed = await this.rememberedLevel(mailbox, parent?.id ?? null, false);
      let match = find(listed.folders);
      if (!match && listed.remembered) match = find((await this.rememberedLevel(mailbox, parent?.id ?? null, true)).folders);
      if (!match) break;
      parent = toInfo(match, parent?.path ?? '', i + 1);
      if (i === segments.length - 1) return parent;
    }
    throw new ConnectorError({ protocol: 'graph', code: 'MB_FOLDER_NOT_FOUND', mailbox, message: `no folder "${path}" in ${mailbox}` });
  }
}
