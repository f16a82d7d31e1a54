/**
 * How the application's item kinds map onto Exchange: which connector kind and folder
 * each goes to, which EX-12 export option gates creating it in Exchange, and what a
 * remote item of a folder becomes locally when it is imported. Data, not branches.
 */
import type { ItemKind, WellKnownFolder } from '../connectors/connector.js';
import type { LocalKind } from '../../src/protocol/schemas/item-schemas.js';

export interface LocalKindFacts {
  remoteKind: ItemKind;
  folder: WellKnownFolder;
  /** The profile's `export` switch that allows creating such items in Exchange (EX-12). */
  exportOption: 'appointments' | 'serviceCalls' | 'accountManagerContacts' | 'todos';
}

export const LOCAL_KIND_FACTS: Record<LocalKind, LocalKindFacts> = {
  appointment: { remoteKind: 'appointment', folder: 'calendar', exportOption: 'appointments' },
  serviceCall: { remoteKind: 'appointment', folder: 'calendar', exportOption: 'serviceCalls' },
  contact: { remoteKind: 'contact', folder: 'contacts', exportOption: 'accountManagerContacts' },
  todo: { remoteKind: 'task', folder: 'tasks', exportOption: 'todos' },
};

/** The folders the engine tracks per staff mailbox, and what an unknown remote item there becomes locally (null = not imported). */
export interface TrackedFolderFacts {
  folder: WellKnownFolder;
  remoteKind: ItemKind;
  importsAs: LocalKind;
}

export const TRACKED_ITEM_FOLDERS: readonly TrackedFolderFacts[] = [
  { folder: 'calendar', remoteKind: 'appointment', importsAs: 'appointment' },
  { folder: 'contacts', remoteKind: 'contact', importsAs: 'contact' },
  { folder: 'tasks', remoteKind: 'task', importsAs: 'todo' },
];

export function localKindsIn(folder: WellKnownFolder): LocalKind[] {
  return (Object.keys(LOCAL_KIND_FACTS) as LocalKind[]).filter((k) => LOCAL_KIND_FACTS[k].folder === folder);
}
