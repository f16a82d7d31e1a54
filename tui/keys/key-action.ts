/**
 * The key registry's vocabulary. Each screen declares its keys as data (a KeyAction list);
 * the same list drives the footer, the `?` overlay and the dispatch, so a key that works
 * is always a key that is shown (the k9s/lazygit habit, style.md).
 */

/** Named keys; any other single character names itself ('q', '?', '/', '1'). */
export type NamedKey = 'up' | 'down' | 'left' | 'right' | 'enter' | 'escape' | 'backspace' | 'tab' | 'shift-tab' | 'space' | 'pageup' | 'pagedown';
export type KeyName = NamedKey | string;

export interface KeyAction {
  /** Every key that triggers it; the first is the one shown. */
  keys: readonly KeyName[];
  /** Short label for the footer: "open", "back", "filter". */
  label: string;
  /** Longer words for the `?` overlay; the label when absent. */
  help?: string;
  /** Left out of the footer when space is short (still in the overlay). Lower shows first. */
  priority?: number;
  run: () => void;
}

/** What a screen registers: its keys, and a text sink while a field is being typed into. */
export interface ScreenKeys {
  title: string;
  actions: readonly KeyAction[];
  /** When set, printable characters go here instead of to single-letter actions. */
  onText?: (text: string) => void;
}

const DISPLAY: Record<string, string> = {
  up: '↑', down: '↓', left: '←', right: '→', enter: 'enter', escape: 'esc', backspace: 'bksp',
  tab: 'tab', 'shift-tab': 'S-tab', space: 'space', pageup: 'pgup', pagedown: 'pgdn',
};

export function displayKey(key: KeyName): string {
  return DISPLAY[key] ?? key;
}

/** "↑/k" style: the keys of one action joined for display. */
export function displayKeys(action: KeyAction, max = 2): string {
  return action.keys.slice(0, max).map(displayKey).join('/');
}
