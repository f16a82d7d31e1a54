/**
 * Folder hierarchy logic shared by both connectors, pure: flat server folders (id,
 * parent, name) → depth-first FolderInfo with `/` paths and depth (1 = top level), and
 * the O365-3 rule that a selection reaches at most MAX_FOLDER_DEPTH levels.
 */
import { MAX_FOLDER_DEPTH, type ConnectorProtocol, type FolderInfo } from './connector.js';
import { ConnectorError, folderTooDeepError } from './connector-errors.js';

export interface RawFolder {
  id: string;
  parentId: string | null;
  displayName: string;
  childFolderCount?: number;
  totalItemCount?: number;
}

/** Folders whose parent is not in the list are top level (their parent is the mailbox root). */
export function buildFolderTree(folders: readonly RawFolder[]): FolderInfo[] {
  const ids = new Set(folders.map((f) => f.id));
  const children = new Map<string | null, RawFolder[]>();
  for (const f of folders) {
    const parent = f.parentId !== null && ids.has(f.parentId) ? f.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(f);
    children.set(parent, list);
  }
  const out: FolderInfo[] = [];
  const walk = (parent: string | null, prefix: string, depth: number): void => {
    for (const f of children.get(parent) ?? []) {
      const path = prefix ? `${prefix}/${f.displayName}` : f.displayName;
      const info: FolderInfo = { id: f.id, parentId: f.parentId, displayName: f.displayName, path, depth };
      if (f.childFolderCount !== undefined) info.childFolderCount = f.childFolderCount;
      if (f.totalItemCount !== undefined) info.totalItemCount = f.totalItemCount;
      out.push(info);
      walk(f.id, path, depth + 1);
    }
  };
  walk(null, '', 1);
  return out;
}

/** The depth a listing may reach; more than MAX_FOLDER_DEPTH is refused (O365-3). */
export function checkDepthOption(protocol: ConnectorProtocol, maxDepth: number | undefined): number {
  const depth = maxDepth ?? MAX_FOLDER_DEPTH;
  if (!Number.isInteger(depth) || depth < 1) {
    throw new ConnectorError({ protocol, code: 'MB_FOLDER_DEPTH_INVALID', message: `maxDepth ${depth} is not a whole number from 1 to ${MAX_FOLDER_DEPTH}` },
      { family: 'config', cause: 'A folder listing depth is a whole number of levels.', fix: [`Use 1..${MAX_FOLDER_DEPTH}.`] });
  }
  if (depth > MAX_FOLDER_DEPTH) throw folderTooDeepError(protocol, `(listing to depth ${depth})`, depth);
  return depth;
}

export function pathSegments(path: string): string[] {
  return path.split('/').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Finds a folder by display-name path (case-insensitive, as Outlook names are); refuses depth > 5 before any request. */
export async function findByPath(protocol: ConnectorProtocol, path: string, list: () => Promise<FolderInfo[]>): Promise<FolderInfo> {
  const segments = pathSegments(path);
  if (segments.length > MAX_FOLDER_DEPTH) throw folderTooDeepError(protocol, path, segments.length);
  const wanted = segments.join('/').toLowerCase();
  const found = segments.length === 0 ? undefined : (await list()).find((f) => f.path.toLowerCase() === wanted);
  if (!found) throw new ConnectorError({ protocol, code: 'MB_FOLDER_NOT_FOUND', message: `no folder "${path}" in the mailbox` });
  return found;
}
