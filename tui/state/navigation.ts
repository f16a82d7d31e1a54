/**
 * Where the console is: the current screen, the profile it is about, and the way back
 * (a stack, k9s-style: Esc pops it).
 */
import { createContext } from 'react';
import type { ScreenId } from '../screens/screen-table.js';

export interface Place {
  screen: ScreenId;
  /** The profile the screen is about (edit, troubleshoot, staff), when there is one. */
  profile?: string;
}

export interface Navigation {
  place: Place;
  go(place: Place): void;
  back(): void;
}

export const NavigationContext = createContext<Navigation>({ place: { screen: 'dashboard' }, go: () => undefined, back: () => undefined });
