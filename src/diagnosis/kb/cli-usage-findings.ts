/**
 * MB_ codes raised by the CLI and console while reading what the operator typed or passed:
 * flag values, import files, profile files and secret input. Each is fixed where it was
 * typed, so the entries name the flag or file and the accepted form.
 */
import type { DocLink, KbEntry } from '../kb-entry.js';
import { AGENT_DOCS, DOCS, STANDARD_DOCS } from './doc-links.js';

function usageEntry(code: string, title: string, cause: string, fix: string[], docs: DocLink[], rules: string[] = ['AG-4'], family: KbEntry['family'] = 'config'): KbEntry {
  return { code, family, title, cause, fix, patterns: {}, docs, rules, basis: 'doc', specificity: 86 };
}

const HELP = DOCS.rcaTool;

export const CLI_USAGE_ENTRIES: KbEntry[] = [
  usageEntry('MB_COMPLETION_SHELL_UNKNOWN', 'No completion script for that shell', 'mailbridge generates shell completion scripts for bash and zsh only.', ['Run `mailbridge completion bash` or `mailbridge completion zsh` and source the output.'], [HELP]),
  usageEntry('MB_LAB_OPTION_INVALID', 'Lab option is not a whole number', 'The lab command\'s numeric flags take a non-negative whole number; the value given has other characters.', ['Pass the flag named in the message with digits only, e.g. `--mailboxes 5`.'], [HELP]),
  usageEntry('MB_REPORT_LOG_LINES_INVALID', 'Report --log-lines is not a whole number', 'mailbridge report includes the last N lines of the agent log; --log-lines must be a whole number.', ['Pass a whole number, e.g. `mailbridge report --log-lines 200`, or leave the flag out for the default.'], [HELP]),
  usageEntry('MB_SIGNIN_BAD_FLAG', 'Sign-in time-out not usable', '--timeout is how many seconds mailbridge signin waits for the user to finish Microsoft sign-in; the value is not a positive number.', ['Pass whole seconds, e.g. `mailbridge signin PROFILE USER --timeout 600`.'], [DOCS.entraDeviceCode], ['AG-4', 'O365-2']),
  usageEntry('MB_SIGNIN_NOT_DELEGATED', 'Sign-in asked for an app-only profile', 'Only a profile with delegated credentials connects each user through Microsoft sign-in; app-only profiles authenticate with the app\'s client secret or certificate.', ['Set credentials.kind to "delegated" in the profile if each user should sign in.', 'Otherwise store the app credential: `mailbridge secrets set PROFILE clientSecret --stdin`.'], [DOCS.entraDeviceCode, DOCS.graphAuthAppOnly], ['AG-4', 'O365-2']),
  usageEntry('MB_STAFF_SELECTION_MISSING', 'No staff member named', 'Staff are enabled explicitly (EX-15), one by one or all at once; the command named nobody and did not pass --all.', ['Name the users: `mailbridge staff enable PROFILE anna@example.com bob@example.com`.', 'Or enable everyone: `mailbridge staff enable PROFILE --all`.'], [STANDARD_DOCS.emailAddress], ['EX-15', 'AG-4']),
  usageEntry('MB_ITEMS_BAD_KIND', 'Unknown item kind', '--kind accepts the item kinds mailbridge syncs: appointments, service calls, contacts and to-dos.', ['Use one of the kinds the message lists (e.g. `--kind appointment`).'], [HELP]),
  usageEntry('MB_ITEMS_FILE_INVALID', 'Item import file malformed', 'The import file must hold items as a JSON array, as {"items": [...]}, or as one JSON object per line; an entry did not fit (the message names it).', ['Fix the entry named in the message; each item has kind, mailbox and data (localId optional).', 'Check the JSON with `jq . FILE` before importing.'], [STANDARD_DOCS.json]),
  usageEntry('MB_ITEMS_FILE_UNREADABLE', 'Item import file cannot be read', 'The file given to the items import does not exist or is not readable by this user (the message gives the system error code).', ['Check the path and permissions (`ls -l FILE`), or pass - to read the items from stdin.'], [DOCS.nodeSystemErrors]),
  usageEntry('MB_ITEM_INVALID', 'Item data does not match its kind', 'The data of an item does not match the schema of its kind; the message names the field and the rule it broke.', ['Give the fields in the documented shape; appointments need subject, start and end as ISO instants with an offset (2026-11-23T09:00:00Z).'], [STANDARD_DOCS.json], ['AG-4', 'EX-12']),
  usageEntry('MB_ITEM_OTHER_PROFILE', 'Local item id belongs to another profile', 'A localId is unique across all profiles; this one is already used by an item of a different profile, so it cannot be reused here.', ['Leave localId out to create a new item, or send the change to the profile the item belongs to.'], [STANDARD_DOCS.json], ['AG-4', 'MEM-2']),
  usageEntry('MB_PROFILE_FILE_UNREADABLE', 'Profile import file cannot be read', 'The file given to the profile import does not exist, or this user may not read it.', ['Check the path and permissions (`ls -l FILE`) and run the import again.'], [DOCS.nodeSystemErrors], ['AG-4', 'MEM-2']),
  usageEntry('MB_PROFILE_FILE_EMPTY', 'Profile import file holds no profile', 'The import file was read but contained no profile to import.', ['Export profiles with `mailbridge profile export NAME` and import that file, or add at least one profile object.'], [STANDARD_DOCS.json], ['AG-4', 'MEM-2']),
  usageEntry('MB_PROFILE_EXISTS', 'Profile name already taken', 'Profile names are unique (MEM-2); an imported or new profile uses a name that already exists.', ['Choose another name, or remove or rename the existing profile first (`mailbridge profile list`).'], [STANDARD_DOCS.json], ['MEM-2', 'EX-7']),
  usageEntry('MB_PROFILE_NOT_FOUND', 'No profile of that name', 'Items, syncs and checks belong to a profile the agent knows; the name given matches none.', ['List the profiles with `mailbridge profile list` and use one of those names.'], [HELP], ['MEM-2', 'AG-4']),
  usageEntry('MB_SECRET_NEEDS_STDIN', 'Secret must come from stdin', 'A secret typed on the command line would end up in the shell history and the process list (AG-5), so `secrets set` reads it from stdin only.', ['Pipe it in: `printf \'%s\\n\' \'<value>\' | mailbridge secrets set PROFILE FIELD --stdin`, or run it interactively with --stdin and type it.'], [AGENT_DOCS.secretService], ['AG-5', 'AG-4']),
  usageEntry('MB_SECRET_INPUT_TOO_LARGE', 'Secret input too large', 'A secret is a password, a client secret or a PEM key; stdin carried more bytes than any of those, so it is probably the wrong file.', ['Pipe only the secret value (or the single PEM key) into `mailbridge secrets set PROFILE FIELD --stdin`.'], [AGENT_DOCS.secretService], ['AG-5']),
  usageEntry('MB_SECRET_INPUT_CANCELLED', 'Secret entry cancelled', 'Ctrl-C was pressed while the secret was being typed; nothing was stored.', ['Run the command again and finish the entry with Enter.'], [AGENT_DOCS.secretService], ['AG-5']),
];
