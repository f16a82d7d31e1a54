/**
 * The command table: one module per CLI command under src/commands/, each exporting
 * `register(program)`. Adding a command is adding a row here.
 */
import type { Command } from 'commander';
import { register as agent } from './agent.js';
import { register as status } from './status.js';
import { register as profile } from './profile.js';
import { register as secrets } from './secrets.js';
import { register as lab } from './lab.js';
import { register as check } from './check.js';
import { register as diagnose } from './diagnose.js';
import { register as consoleCommand } from './console.js';
import { register as demo } from './demo.js';
import { register as sync } from './sync.js';
import { register as items } from './items.js';
import { register as staff } from './staff.js';
import { register as report } from './report.js';
import { register as completion } from './completion.js';
import { register as signin } from './signin.js';
import { register as logs } from './logs.js';
import { register as syncSettings } from './sync-settings.js';
import { register as conflicts } from './conflicts.js';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: readonly RegisterCommand[] = [agent, status, profile, secrets, lab, diagnose, check, consoleCommand, sync, syncSettings, conflicts, items, demo, staff, report, logs, signin, completion];
