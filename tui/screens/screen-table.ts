/**
 * The top-level screens and the number keys that reach them, as data: the header's tab
 * row, the global keys and the `?` overlay are all built from this table. Sub-screens
 * (no number key) are reached from a screen's keys or the `:` palette.
 */
export type TopScreenId = 'dashboard' | 'setup' | 'troubleshoot' | 'diagnose' | 'staff' | 'sync';
export type SubScreenId = 'passwords' | 'signin';
export type ScreenId = TopScreenId | SubScreenId;

export interface ScreenEntry {
  id: TopScreenId;
  key: string;
  title: string;
  /** Used when the full titles do not fit the width. */
  short: string;
}

export const SCREENS: readonly ScreenEntry[] = [
  { id: 'dashboard', key: '1', title: 'Dashboard', short: 'Dash' },
  { id: 'setup', key: '2', title: 'Setup', short: 'Setup' },
  { id: 'troubleshoot', key: '3', title: 'Troubleshoot', short: 'Trbl' },
  { id: 'diagnose', key: '4', title: 'Diagnose', short: 'Diag' },
  { id: 'staff', key: '5', title: 'Staff', short: 'Staff' },
  { id: 'sync', key: '6', title: 'Sync & logs', short: 'Sync' },
];

export interface SubScreenEntry {
  id: SubScreenId;
  title: string;
  /** The top-level screen it belongs to (its tab stays marked in the header). */
  parent: TopScreenId;
}

export const SUB_SCREENS: readonly SubScreenEntry[] = [
  { id: 'passwords', title: 'Staff passwords', parent: 'staff' },
  { id: 'signin', title: 'Sign-in', parent: 'staff' },
];
