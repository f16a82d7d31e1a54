/**
 * `mailbridge staff list|enable|disable`: which staff mailboxes a profile syncs (EX-15),
 * from scripts as the console's Staff screen does. Through the agent when one runs (its
 * profiles.put, so a running sync applies the change afterwards, EX-9), in-process with
 * the profile lock otherwise. The profile is validated as any save is (MEM-3: a user
 * enabled in two profiles on one server is refused).
 */
import type { Command } from 'commander';
import { ExitCode } from '../cli/exit-codes.js';
import { applyStaffChange } from '../staff/staff-changes.js';
import { withProfileAccess } from './profile-access/profile-access.js';

const out = (text: string) => process.stdout.write(`${text}\n`);

async function change(profileName: string, users: string[], options: { all?: boolean; json?: boolean }, enabled: boolean): Promise<void> {
  const result = await withProfileAccess(async (access) => {
    const profile = await access.get(profileName);
    const outcome = applyStaffChange(profile, enabled, users, options.all === true);
    if (outcome.added.length + outcome.changed.length > 0) await access.putMany([outcome.profile], { replace: true });
    return outcome;
  });
  const verb = enabled ? 'enabled' : 'disabled';
  if (options.json) {
    out(JSON.stringify({ schema: 'mailbridge.staff-change/v1', profile: profileName, enabled, added: result.added, changed: result.changed, unchanged: result.unchanged }));
  } else {
    if (result.added.length > 0) out(`added and enabled: ${result.added.join(', ')}`);
    if (result.changed.length > 0) out(`${verb}: ${result.changed.join(', ')}`);
    if (result.unchanged.length > 0) out(`already ${verb}${enabled ? '' : ' or not listed'}: ${result.unchanged.join(', ')}`);
    if (result.added.length + result.changed.length + result.unchanged.length === 0) out(`"${profileName}" lists no staff yet; name users to add them.`);
  }
  process.exitCode = ExitCode.Ok;
}

export function register(program: Command): void {
  const staff = program.command('staff').description("which staff mailboxes a profile syncs (EX-15: never automatic)");

  staff
    .command('list <profile>')
    .description('list the staff of PROFILE and whether each is enabled')
    .option('--json', 'print one JSON document')
    .action(async (profileName: string, options: { json?: boolean }) => {
      const profile = await withProfileAccess((access) => access.get(profileName));
      if (options.json) out(JSON.stringify({ schema: 'mailbridge.staff-list/v1', profile: profileName, staff: profile.staff }));
      else if (profile.staff.length === 0) out(`"${profileName}" lists no staff. Add some with \`mailbridge staff enable ${JSON.stringify(profileName)} USER…\`.`);
      else for (const m of profile.staff) out(`${m.enabled ? 'enabled ' : 'disabled'}  ${m.user}${m.displayName ? `  (${m.displayName})` : ''}`);
      process.exitCode = ExitCode.Ok;
    });

  staff
    .command('enable <profile> [users...]')
    .description('enable staff mailboxes for sync (adding users the profile does not list yet), or --all listed ones')
    .option('--all', 'every staff member the profile lists')
    .option('--json', 'print one JSON document')
    .addHelpText('after', `
Examples:
  mailbridge staff enable "Contoso on-prem" anna@contoso.com bob@contoso.com
  mailbridge staff enable "Contoso on-prem" --all --json`)
    .action((profileName: string, users: string[], options: { all?: boolean; json?: boolean }) => change(profileName, users, options, true));

  staff
    .command('disable <profile> [users...]')
    .description('stop syncing staff mailboxes (they stay listed), or --all of them')
    .option('--all', 'every staff member the profile lists')
    .option('--json', 'print one JSON document')
    .addHelpText('after', `
Examples:
  mailbridge staff disable "Contoso on-prem" bob@contoso.com`)
    .action((profileName: string, users: string[], options: { all?: boolean; json?: boolean }) => change(profileName, users, options, false));
}
