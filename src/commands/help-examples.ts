/**
 * Examples under every command's `--help` (issue #8: "--help on every command with
 * examples"), kept as one table here so the command modules stay about behaviour and a
 * missing example is easy to spot. Applied after the commands are registered; a command
 * that already adds its own "Examples:" keeps them (agent, staff, report, completion).
 */
import type { EventEmitter } from 'node:events';
import type { Command } from 'commander';

const P = '"Contoso Exchange 2019"';

export const HELP_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  status: ['mailbridge status', 'mailbridge status --json | jq .jobs'],
  profile: ['mailbridge profile import contoso.json', 'mailbridge profile list --json', `mailbridge profile export ${P} -o contoso.json`],
  'profile list': ['mailbridge profile list', 'mailbridge profile list --json | jq -r ".profiles[].name"'],
  'profile show': [`mailbridge profile show ${P}`, `mailbridge profile show ${P} --json`],
  'profile validate': ['mailbridge profile validate docs/examples/onprem-ews-profile.json', 'cat contoso.json | mailbridge profile validate - --json'],
  'profile import': ['mailbridge profile import contoso.json', 'mailbridge profile import contoso.json --replace --json'],
  'profile lint': ['mailbridge profile lint', 'mailbridge profile lint --json'],
  'profile export': [`mailbridge profile export ${P}`, `mailbridge profile export ${P} -o contoso.json`],
  'profile remove': [`mailbridge profile remove ${P}`, `mailbridge profile remove ${P} --keep-secrets --json`],
  'profile default': [`mailbridge profile default ${P}`],
  secrets: [`printf %s "$PASSWORD" | mailbridge secrets set ${P} password --stdin`, `mailbridge secrets list ${P}`],
  'secrets set': [`printf %s "$PASSWORD" | mailbridge secrets set ${P} password --stdin`, `mailbridge secrets set ${P} clientSecret --stdin < /root/client-secret`, `mailbridge secrets set ${P} password:anna@contoso.com --stdin   # EX-10 own password`],
  'secrets has': [`mailbridge secrets has ${P} password --json`],
  'secrets delete': [`mailbridge secrets delete ${P} password`],
  'secrets list': [`mailbridge secrets list ${P} --json`],
  lab: ['mailbridge lab', 'mailbridge lab --json --seed 7 --mailboxes 2 --items 20', 'mailbridge lab --latency-ms 200'],
  check: [`mailbridge check ${P}`, `mailbridge check ${P} --json --strict`, 'mailbridge check --server mail.contoso.com --ca-file internal-ca.pem --ports 80,443', `mailbridge check ${P} --format junit > checks.xml`, `mailbridge check ${P} --impersonation-sample 50   # EX-10 on more staff mailboxes`],
  diagnose: ['mailbridge diagnose ErrorImpersonateUserDenied', 'mailbridge diagnose "AADSTS7000215: Invalid client secret provided"', 'journalctl -u mailbridge-agent -n 50 | mailbridge diagnose - --json'],
  console: ['mailbridge', 'mailbridge console'],
  sync: [`mailbridge sync ${P} --once --json`, `mailbridge sync ${P} --once --full`, `mailbridge sync ${P}            # without an agent: keep syncing on the interval`],
  'sync-settings': [`mailbridge sync-settings ${P}`, `mailbridge sync-settings ${P} --conflict-policy exchange-wins --json`, `mailbridge sync-settings ${P} --mass-delete-share 0.2 --mass-delete-min 25`],
  conflicts: [`mailbridge conflicts ${P}`, `mailbridge conflicts ${P} --limit 20 --json | jq '.conflicts[] | {at, winner, reason}'`],
  items: [`mailbridge items import calls.json --profile ${P}`, `mailbridge items list --profile ${P} --kind serviceCall --json`],
  'items import': [`mailbridge items import calls.json --profile ${P} --json`],
  'items list': [`mailbridge items list --profile ${P} --kind appointment --mailbox anna@contoso.com --json`],
  demo: ['mailbridge demo', 'mailbridge demo --lab-document /tmp/lab.json'],
  staff: [`mailbridge staff list ${P}`, `mailbridge staff enable ${P} anna@contoso.com`, `mailbridge staff enable ${P} --all`],
  'staff list': [`mailbridge staff list ${P} --json`],
};

function pathOf(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Adds the table's examples to every command that has an entry and no examples of its own. */
export function addHelpExamples(program: Command): void {
  const visit = (command: Command) => {
    const examples = HELP_EXAMPLES[pathOf(command)];
    // addHelpText registers an 'afterHelp' listener; a command with one already has its own text.
    const own = (command as unknown as EventEmitter).listenerCount('afterHelp') > 0;
    if (examples && !own) command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}`);
    for (const child of command.commands) visit(child);
  };
  for (const child of program.commands) visit(child);
}
