/**
 * Turns Ink's (input, key) pair into one KeyName, so registries match on plain strings.
 * Terminals send DEL (0x7f) for Backspace and Ink 6 reports it as `delete`; both count as
 * backspace here because no screen deletes forward.
 */
import type { Key } from 'ink';
import type { KeyName } from './key-action.js';

const FLAGS: ReadonlyArray<[keyof Key, KeyName]> = [
  ['upArrow', 'up'], ['downArrow', 'down'], ['leftArrow', 'left'], ['rightArrow', 'right'],
  ['return', 'enter'], ['escape', 'escape'], ['backspace', 'backspace'], ['delete', 'backspace'],
  ['pageUp', 'pageup'], ['pageDown', 'pagedown'],
];

export function keyNameOf(input: string, key: Key): KeyName | undefined {
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  for (const [flag, name] of FLAGS) if (key[flag]) return name;
  if (key.ctrl || key.meta) return undefined;
  if (input === ' ') return 'space';
  return input.length === 1 ? input : undefined;
}

/** Whether the key is text a field should receive (printable, not a named key). */
export function isPrintable(input: string, key: Key): boolean {
  if (key.ctrl || key.meta || key.tab || key.return || key.escape || key.backspace || key.delete) return false;
  if (key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown) return false;
  // A paste arrives as one multi-character input and may carry newlines; a lone control byte is no text.
  if (input.length > 1) return true;
  const code = input.codePointAt(0) ?? 0;
  return input.length === 1 && code >= 0x20 && code !== 0x7f;
}
