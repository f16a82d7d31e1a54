/**
 * The registry the active screen writes its keys into and the shell reads from: the
 * dispatch reads the latest handlers through a ref; the footer and the `?` overlay
 * re-render only when what they show (labels, keys, typing mode) changes.
 */
import { createContext } from 'react';
import type { KeyAction, ScreenKeys } from './key-action.js';

export interface KeyRegistry {
  setScreenKeys(keys: ScreenKeys): void;
  /** A wizard with input not yet saved: `q` asks before quitting. */
  setDirty(dirty: boolean): void;
}

export const KeyRegistryContext = createContext<KeyRegistry>({ setScreenKeys: () => undefined, setDirty: () => undefined });

/** What the footer and overlay depend on; handlers excluded on purpose. */
export function keysSignature(keys: ScreenKeys): string {
  const actions = keys.actions.map((a: KeyAction) => `${a.keys.join(',')}=${a.label}|${a.help ?? ''}`).join(';');
  return `${keys.title}#${keys.onText ? 'text' : ''}#${actions}`;
}

/** The action bound to a key, first match wins. */
export function findAction(actions: readonly KeyAction[], key: string): KeyAction | undefined {
  return actions.find((a) => a.keys.includes(key));
}
