/** Picks the component of the current screen: the screen table's ids mapped to components. */
import type { ComponentType } from 'react';
import { DashboardScreen } from './dashboard/DashboardScreen.js';
import { DiagnoseScreen } from './diagnose/DiagnoseScreen.js';
import type { ScreenProps } from './screen-props.js';
import type { ScreenId } from './screen-table.js';
import { StaffPasswordsScreen } from './passwords/StaffPasswordsScreen.js';
import { SetupScreen } from './setup/SetupScreen.js';
import { SigninScreen } from './signin/SigninScreen.js';
import { StaffScreen } from './staff/StaffScreen.js';
import { SyncLogsScreen } from './sync/SyncLogsScreen.js';
import { TroubleshootScreen } from './troubleshoot/TroubleshootScreen.js';

const SCREEN_COMPONENTS: Record<ScreenId, ComponentType<ScreenProps>> = {
  dashboard: DashboardScreen,
  setup: SetupScreen,
  troubleshoot: TroubleshootScreen,
  diagnose: DiagnoseScreen,
  staff: StaffScreen,
  sync: SyncLogsScreen,
  passwords: StaffPasswordsScreen,
  signin: SigninScreen,
};

export function ScreenView(props: ScreenProps) {
  const Screen = SCREEN_COMPONENTS[props.place.screen];
  // Keyed by place, so a screen opened for another profile starts fresh.
  return <Screen key={`${props.place.screen}:${props.place.profile ?? ''}`} {...props} />;
}
