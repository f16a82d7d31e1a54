/**
 * The mass-delete guard: a sync that would delete more than a configured share of a
 * folder's synced items stops and asks (a wrong mailbox, an emptied source, a resync
 * against the wrong server). Small folders are exempt below `minItems` deletes, so
 * deleting 3 of 4 appointments is not a "mass" delete. Pure.
 */
export interface MassDeleteSettings {
  /** Largest share (0..1] of a folder's synced items one sync may delete. */
  maxShare: number;
  /** Deletes below this count always pass. */
  minItems: number;
}

export const DEFAULT_MASS_DELETE: MassDeleteSettings = { maxShare: 0.5, minItems: 10 };

export interface MassDeleteVerdict {
  allowed: boolean;
  deletes: number;
  synced: number;
  share: number;
}

export function checkMassDelete(deletes: number, synced: number, settings: MassDeleteSettings, approved = false): MassDeleteVerdict {
  const share = synced === 0 ? (deletes > 0 ? 1 : 0) : deletes / synced;
  const allowed = approved || deletes < settings.minItems || share <= settings.maxShare;
  return { allowed, deletes, synced, share };
}
