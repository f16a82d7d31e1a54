/**
 * The key hint bar: built from the same registry as the `?` overlay and the dispatch, so
 * it shows exactly the keys that work now. Screen keys first (by priority), then the
 * global ones; what does not fit is left to `?`, which is always shown.
 */
import { Text } from 'ink';
import { displayKeys, type KeyAction } from '../keys/key-action.js';
import { toneColour } from '../theme.js';

export function footerText(actions: readonly KeyAction[], width: number, typing = false): string {
  // While a field takes text, `?` types a question mark, so the footer does not offer it.
  const help = typing ? '' : '? help';
  const parts: string[] = [];
  let used = help.length;
  const ordered = [...actions].sort((a, b) => (a.priority ?? 5) - (b.priority ?? 5));
  for (const action of ordered) {
    if (action.keys.includes('?')) continue;
    const part = `${displayKeys(action)} ${action.label}`;
    if (used + part.length + 2 > width) continue;
    parts.push(part);
    used += part.length + 2;
  }
  return [...parts, help].filter(Boolean).join('  ');
}

export function Footer({ actions, width, typing }: { actions: readonly KeyAction[]; width: number; typing: boolean }) {
  return <Text color={toneColour('muted')}>{footerText(actions, width, typing)}</Text>;
}
