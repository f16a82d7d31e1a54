/**
 * Selection and `/` filtering for a list or table: the keys (↑↓ j k, g G, / to filter,
 * esc to clear) come back as registry entries, so each screen's footer and `?` list them.
 */
import { useState } from 'react';
import type { KeyAction } from '../keys/key-action.js';

export interface FilteredList<T> {
  items: T[];
  selected: number;
  current: T | undefined;
  query: string;
  filtering: boolean;
  actions: KeyAction[];
  /** While filtering, typed text goes to the query. */
  onText: ((text: string) => void) | undefined;
}

export function useFilteredList<T>(all: readonly T[], text: (item: T) => string): FilteredList<T> {
  const [query, setQuery] = useState('');
  const [filtering, setFiltering] = useState(false);
  const [selectedRaw, setSelected] = useState(0);
  const needle = query.toLowerCase();
  const items = needle ? all.filter((item) => text(item).toLowerCase().includes(needle)) : [...all];
  const selected = Math.min(selectedRaw, Math.max(0, items.length - 1));
  const move = (delta: number) => () => setSelected(Math.min(Math.max(0, selected + delta), Math.max(0, items.length - 1)));

  const actions: KeyAction[] = filtering
    ? [
        { keys: ['enter'], label: 'keep filter', priority: 0, run: () => setFiltering(false) },
        { keys: ['escape'], label: 'clear filter', priority: 0, run: () => { setQuery(''); setFiltering(false); } },
        { keys: ['backspace'], label: 'delete', priority: 1, run: () => setQuery((q) => q.slice(0, -1)) },
        { keys: ['up'], label: 'up', priority: 3, run: move(-1) },
        { keys: ['down'], label: 'down', priority: 3, run: move(1) },
      ]
    : [
        { keys: ['up', 'k'], label: 'up', help: 'move the selection up', priority: 6, run: move(-1) },
        { keys: ['down', 'j'], label: 'down', help: 'move the selection down', priority: 6, run: move(1) },
        { keys: ['g'], label: 'top', help: 'first row', priority: 12, run: () => setSelected(0) },
        { keys: ['G'], label: 'bottom', help: 'last row', priority: 12, run: () => setSelected(Math.max(0, items.length - 1)) },
        { keys: ['/'], label: 'filter', help: 'filter the rows by typing', priority: 4, run: () => setFiltering(true) },
        ...(query ? [{ keys: ['escape'], label: 'clear filter', priority: 2, run: () => setQuery('') }] : []),
      ];
  return {
    items, selected, current: items[selected], query, filtering, actions,
    onText: filtering ? (t: string) => setQuery((q) => q + t.replace(/[\r\n]/g, '')) : undefined,
  };
}
