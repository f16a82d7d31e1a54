/**
 * A screen declares its key registry with this hook on every render; the shell's footer,
 * `?` overlay and dispatch all read that one list.
 */
import { useContext, useEffect, useLayoutEffect } from 'react';
import type { ScreenKeys } from '../keys/key-action.js';
import { KeyRegistryContext } from '../keys/key-registry-context.js';

export function useScreenKeys(keys: ScreenKeys): void {
  const registry = useContext(KeyRegistryContext);
  // A layout effect runs in the same task as the commit that drew the frame, so a key
  // pressed right after a frame appears always meets that frame's registry.
  useLayoutEffect(() => registry.setScreenKeys(keys));
}

/** Tells the shell that unsaved input exists, so `q` asks before quitting. */
export function useDirtyFlag(dirty: boolean): void {
  const registry = useContext(KeyRegistryContext);
  useEffect(() => {
    registry.setDirty(dirty);
    return () => registry.setDirty(false);
  }, [dirty, registry]);
}
