/**
 * The `:` palette's state in the shell: open or closed, what is typed, which action is
 * selected, and the outcome line of the last action run from it. The shell routes keys
 * here while it is open; the actions come from palette-commands' tables, built fresh from
 * the console's context on every render so they always match the screen.
 */
import { useCallback, useState } from 'react';
import type { KeyName } from '../keys/key-action.js';
import { filterCommands } from './filter-commands.js';
import { paletteCommands, type PaletteCommand, type PaletteContext } from './palette-commands.js';

export interface CommandPalette {
  open: boolean;
  query: string;
  selected: number;
  matches: PaletteCommand[];
  /** The last outcome ("✓ sync of acme started"), shown in the shell until the next key. */
  outcome?: { tone: 'ok' | 'error'; text: string };
  show(): void;
  clearOutcome(): void;
  /** A key while the palette is open; text is a printable input or undefined. */
  handle(name: KeyName | undefined, text: string | undefined): void;
}

export function useCommandPalette(context: PaletteContext): CommandPalette {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const [outcome, setOutcome] = useState<CommandPalette['outcome']>(undefined);
  const matches = open ? filterCommands(paletteCommands(context), query) : [];
  const index = Math.min(selected, Math.max(0, matches.length - 1));

  // Stable, so the shell's global key table need not be rebuilt for them.
  const show = useCallback(() => {
    setOutcome(undefined);
    setOpen(true);
  }, []);
  const clearOutcome = useCallback(() => setOutcome(undefined), []);

  const close = (): void => {
    setOpen(false);
    setQuery('');
    setSelected(0);
  };
  const runSelected = (): void => {
    const command = matches[index];
    if (!command) return;
    close();
    const result = command.run();
    if (result instanceof Promise) {
      result.then((text) => setOutcome({ tone: text.startsWith('✗') ? 'error' : 'ok', text }), (error: Error) => setOutcome({ tone: 'error', text: `✗ ${error.message}` }));
    }
  };

  const handle = (name: KeyName | undefined, text: string | undefined): void => {
    if (text !== undefined) {
      setQuery((q) => q + text.replace(/[\r\n]/g, ''));
      setSelected(0);
      return;
    }
    const keys: Partial<Record<KeyName, () => void>> = {
      escape: close,
      enter: runSelected,
      up: () => setSelected(Math.max(0, index - 1)),
      down: () => setSelected(Math.min(matches.length - 1, index + 1)),
      pageup: () => setSelected(Math.max(0, index - 5)),
      pagedown: () => setSelected(Math.min(matches.length - 1, index + 5)),
      backspace: () => {
        setQuery((q) => q.slice(0, -1));
        setSelected(0);
      },
    };
    if (name !== undefined) keys[name]?.();
  };

  return {
    open, query, selected: index, matches, ...(outcome ? { outcome } : {}),
    show, clearOutcome, handle,
  };
}
