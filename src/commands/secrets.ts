/**
 * `mailbridge secrets set|has|delete|list`: the secrets a profile needs (password, client
 * secret, certificate key — see src/profiles/secret-fields.ts). Values enter from stdin
 * only, never argv (AG-5), are checked by the same function the agent uses
 * (checkSecretValue: EX-4 128 characters, PEM keys, known fields) and never come back out.
 */
import type { Command } from 'commander';
import { ExitCode } from '../cli/exit-codes.js';
import { OperatorError, isOperatorError } from '../errors/operator-error.js';
import type { Profile } from '../profiles/profile-schema.js';
import { checkSecretValue, resolveSecretField, secretFieldsFor } from '../profiles/secret-fields.js';
import { formatIssues } from './profile-access/format-issues.js';
import { withProfileAccess, type ProfileAccess } from './profile-access/profile-access.js';
import { readSecretFromStdin } from './profile-access/read-secret-input.js';

const out = (text: string) => process.stdout.write(`${text}\n`);

function stdinRequired(): OperatorError {
  return new OperatorError({
    code: 'MB_SECRET_NEEDS_STDIN',
    family: 'config',
    message: 'secrets set reads the value from stdin only: pass --stdin',
    cause: 'A secret on the command line would end up in the shell history and the process list (AG-5).',
    fix: ['Pipe it: printf %s "$VALUE" | mailbridge secrets set PROFILE FIELD --stdin', 'Or type it without echo: mailbridge secrets set PROFILE FIELD --stdin (on a terminal)'],
    exitCode: 2,
  });
}

/** The profile when it exists; has/delete also work for secrets left by a removed profile. */
async function profileOrUndefined(access: ProfileAccess, name: string): Promise<Profile | undefined> {
  try {
    return await access.get(name);
  } catch (error) {
    if (isOperatorError(error) && error.code.endsWith('_NOT_FOUND')) return undefined;
    throw error;
  }
}

async function storeFieldFor(access: ProfileAccess, profile: string, field: string): Promise<string> {
  const found = await profileOrUndefined(access, profile);
  return (found && resolveSecretField(found, field)?.field) ?? field;
}

export function register(program: Command): void {
  const secrets = program.command('secrets').description("a profile's secrets: values go in from stdin and never come out");

  secrets
    .command('set <profile> <field>')
    .description('store a secret for PROFILE (FIELD e.g. password, clientSecret, certificateKey, password:USER) read from stdin')
    .option('--stdin', 'read the value from stdin (required: never pass secrets as arguments)')
    .option('--json', 'print one JSON document')
    .action(async (profile: string, field: string, options: { stdin?: boolean; json?: boolean }) => {
      if (!options.stdin) throw stdinRequired();
      await withProfileAccess(async (access) => {
        const found = await access.get(profile);
        const value = await readSecretFromStdin(`${field} for "${profile}" (input hidden): `);
        const check = checkSecretValue(found, field, value);
        if (check.issues.length > 0 || !check.storeField) {
          if (options.json) out(JSON.stringify({ schema: 'mailbridge.secret-set/v1', ok: false, issues: check.issues }));
          else process.stderr.write(`${formatIssues(check.issues)}\nnothing was stored.\n`);
          process.exitCode = ExitCode.Usage;
          return;
        }
        await access.secretSet(profile, check.storeField, value);
        if (options.json) out(JSON.stringify({ schema: 'mailbridge.secret-set/v1', ok: true, profile, field: check.storeField, via: access.via }));
        else out(`✓ stored ${field} for "${profile}" (${value.length} characters)`);
        process.exitCode = ExitCode.Ok;
      });
    });

  secrets
    .command('has <profile> <field>')
    .description('exit 0 when the secret is stored, 1 when not')
    .option('--json', 'print one JSON document')
    .action(async (profile: string, field: string, options: { json?: boolean }) => {
      const present = await withProfileAccess(async (access) => access.secretHas(profile, await storeFieldFor(access, profile, field)));
      if (options.json) out(JSON.stringify({ schema: 'mailbridge.secret-has/v1', profile, field, present }));
      else out(present ? `✓ ${field} is stored for "${profile}"` : `✗ ${field} is not stored for "${profile}"`);
      process.exitCode = present ? ExitCode.Ok : ExitCode.Failed;
    });

  secrets
    .command('delete <profile> <field>')
    .description('remove a stored secret (exit 0 also when there was none)')
    .option('--json', 'print one JSON document')
    .action(async (profile: string, field: string, options: { json?: boolean }) => {
      const deleted = await withProfileAccess(async (access) => access.secretDelete(profile, await storeFieldFor(access, profile, field)));
      if (options.json) out(JSON.stringify({ schema: 'mailbridge.secret-delete/v1', profile, field, deleted }));
      else out(deleted ? `✓ deleted ${field} for "${profile}"` : `${field} was not stored for "${profile}"`);
      process.exitCode = ExitCode.Ok;
    });

  secrets
    .command('list <profile>')
    .description('the secret fields PROFILE needs and whether each is stored (names only)')
    .option('--json', 'print one JSON document')
    .action(async (profile: string, options: { json?: boolean }) => {
      const fields = await withProfileAccess(async (access) => {
        const found = await access.get(profile);
        const specs = secretFieldsFor(found);
        return Promise.all(specs.map(async (s) => ({ field: s.field, ...(s.alias ? { alias: s.alias } : {}), label: s.label, rule: s.rule, present: await access.secretHas(profile, s.field) })));
      });
      if (options.json) out(JSON.stringify({ schema: 'mailbridge.secret-list/v1', profile, fields }));
      else if (fields.length === 0) out(`"${profile}" needs no stored secret.`);
      else out(fields.map((f) => `${f.present ? '✓ stored ' : '✗ missing'}  ${f.alias ?? f.field}  ${f.label} (${f.rule})`).join('\n'));
      process.exitCode = fields.every((f) => f.present) ? ExitCode.Ok : ExitCode.Failed;
    });
}
