/**
 * `mailbridge profile list|show|import|validate|export|remove|default`: the integration
 * profiles (README "Profiles"). Through the agent when one runs, in-process with the
 * profile lock otherwise. Export never contains secrets (profiles hold references only);
 * import validates the whole file first and writes nothing when any rule fails (exit 2).
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { ExitCode } from '../cli/exit-codes.js';
import { buildProfileExport } from '../profiles/profile-file-format.js';
import { ProfileInvalidError } from '../profiles/profile-invalid-error.js';
import type { ProfileIssue } from '../profiles/profile-issue.js';
import { secretFieldsFor } from '../profiles/secret-fields.js';
import { validateProfileSet } from '../profiles/validate-profile.js';
import { countBySeverity, formatIssues } from './profile-access/format-issues.js';
import { readProfileSource, validateBatch } from './profile-access/import-profiles.js';
import { withProfileAccess, type ProfileList } from './profile-access/profile-access.js';

const out = (text: string) => process.stdout.write(`${text}\n`);
const err = (text: string) => process.stderr.write(`${text}\n`);
const json = (document: unknown) => out(JSON.stringify(document));

function formatList(list: ProfileList): string {
  if (list.profiles.length === 0) return 'No profiles yet. Import one with `mailbridge profile import FILE` (examples in docs/examples/).';
  const rows = [['NAME', 'KIND', 'SERVER', 'ENABLED', 'DEFAULT'], ...list.profiles.map((p) => [p.name, p.kind, p.server, p.enabled ? 'yes' : 'no', p.default ? 'yes' : ''])];
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd()).join('\n');
}

function secretHints(name: string, fields: ReturnType<typeof secretFieldsFor>): string[] {
  return fields.map((f) => `  ${f.alias ?? f.field}: ${f.label} (${f.rule}) — set with: mailbridge secrets set ${JSON.stringify(name)} ${f.alias ?? f.field} --stdin`);
}

function reportInvalid(issues: ProfileIssue[], asJson: boolean, schema: string): void {
  if (asJson) json({ schema, valid: false, written: false, issues });
  else {
    const { errors, warnings } = countBySeverity(issues);
    err(formatIssues(issues));
    err(`\n${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}; nothing was written.`);
  }
  process.exitCode = ExitCode.Usage;
}

export function register(program: Command): void {
  const profile = program.command('profile').description('integration profiles: list, show, validate, import, lint, export, remove, default');

  profile
    .command('list')
    .description('list the profiles (name, kind, server, enabled, default)')
    .option('--json', 'print one JSON document')
    .action(async (options: { json?: boolean }) => {
      const list = await withProfileAccess((access) => access.list());
      if (options.json) json({ schema: 'mailbridge.profile-list/v1', ...list });
      else out(formatList(list));
      process.exitCode = ExitCode.Ok;
    });

  profile
    .command('show <name>')
    .description('print one profile (without secrets) and the secret fields it needs')
    .option('--json', 'print one JSON document')
    .action(async (name: string, options: { json?: boolean }) => {
      const found = await withProfileAccess((access) => access.get(name));
      const fields = secretFieldsFor(found);
      if (options.json) {
        json({ schema: 'mailbridge.profile/v1', profile: found, secretFields: fields.map(({ field, alias, label, rule }) => ({ field, ...(alias ? { alias } : {}), label, rule })) });
      } else {
        out(JSON.stringify(found, null, 2));
        if (fields.length > 0) out(['', 'Secret fields (kept in the secret store, never in the profile):', ...secretHints(found.name, fields)].join('\n'));
      }
      process.exitCode = ExitCode.Ok;
    });

  profile
    .command('validate <file>')
    .description('validate a profile file against every rule and the stored profiles; writes nothing (FILE - reads stdin)')
    .option('--json', 'print one JSON document')
    .action(async (file: string, options: { json?: boolean }) => {
      const text = await readProfileSource(file);
      const result = await withProfileAccess((access) => validateBatch(access, text, file));
      if (options.json) json({ schema: 'mailbridge.profile-validation/v1', valid: result.valid, issues: result.issues });
      else if (result.issues.length > 0) err(formatIssues(result.issues));
      if (!options.json) err(result.valid ? `✓ ${result.candidates.length} profile(s) valid` : '✗ invalid');
      process.exitCode = result.valid ? ExitCode.Ok : ExitCode.Usage;
    });

  profile
    .command('import <file>')
    .description('validate every profile in FILE, then save them all (nothing is written when any rule fails; FILE - reads stdin)')
    .option('--replace', 'overwrite profiles that already exist with the same name')
    .option('--json', 'print one JSON document')
    .action(async (file: string, options: { replace?: boolean; json?: boolean }) => {
      const text = await readProfileSource(file);
      await withProfileAccess(async (access) => {
        const check = await validateBatch(access, text, file);
        if (!check.valid) return reportInvalid(check.issues, options.json === true, 'mailbridge.profile-import/v1');
        let saved;
        try {
          saved = await access.putMany(check.candidates, { replace: options.replace === true });
        } catch (error) {
          if (error instanceof ProfileInvalidError) return reportInvalid(error.issues, options.json === true, 'mailbridge.profile-import/v1');
          throw error;
        }
        if (options.json) {
          json({ schema: 'mailbridge.profile-import/v1', valid: true, written: true, imported: saved.profiles.map((p) => p.name), via: access.via, issues: check.issues });
        } else {
          if (check.issues.length > 0) err(formatIssues(check.issues));
          out(`✓ imported ${saved.profiles.length} profile(s): ${saved.profiles.map((p) => p.name).join(', ')}${access.via === 'agent' ? ' (through the agent)' : ''}`);
          const hints = saved.profiles.flatMap((p) => secretHints(p.name, secretFieldsFor(p)));
          if (hints.length > 0) out(['Next, store the secrets (from stdin, never on the command line):', ...hints].join('\n'));
        }
        process.exitCode = ExitCode.Ok;
      });
    });

  profile
    .command('lint')
    .description('check the saved profiles together: every rule, one default (MEM-2), exclusive staff per server (MEM-3)')
    .option('--json', 'print one JSON document')
    .action(async (options: { json?: boolean }) => {
      const issues = await withProfileAccess(async (access) => {
        const names = (await access.list()).profiles.map((p) => p.name);
        const profiles = await Promise.all(names.map((name) => access.get(name)));
        return validateProfileSet(profiles);
      });
      const { errors } = countBySeverity(issues);
      if (options.json) json({ schema: 'mailbridge.profile-lint/v1', valid: errors === 0, issues });
      else out(issues.length > 0 ? formatIssues(issues) : '✓ no findings');
      process.exitCode = errors === 0 ? ExitCode.Ok : ExitCode.Failed;
    });

  profile
    .command('export <name>')
    .description('write a profile as an import file (never contains secrets)')
    .option('-o, --output <file>', 'write to FILE instead of stdout')
    .action(async (name: string, options: { output?: string }) => {
      const found = await withProfileAccess((access) => access.get(name));
      const text = `${JSON.stringify(buildProfileExport([found]), null, 2)}\n`;
      if (options.output) {
        fs.writeFileSync(options.output, text, { mode: 0o600 });
        err(`✓ exported "${name}" to ${options.output}`);
      } else process.stdout.write(text);
      process.exitCode = ExitCode.Ok;
    });

  profile
    .command('remove <name>')
    .description('delete a profile and its stored secrets')
    .option('--keep-secrets', 'leave its secrets in the secret store')
    .option('--json', 'print one JSON document')
    .action(async (name: string, options: { keepSecrets?: boolean; json?: boolean }) => {
      const result = await withProfileAccess(async (access) => {
        await access.get(name); // a missing profile is MB_PROFILE_NOT_FOUND (exit 1)
        const removedSecrets = options.keepSecrets ? [] : await access.storedSecretFields(name);
        const deleted = await access.delete(name, { keepSecrets: options.keepSecrets === true });
        return { deleted, removedSecrets: deleted ? removedSecrets : [] };
      });
      if (options.json) json({ schema: 'mailbridge.profile-remove/v1', name, ...result });
      else out(result.deleted ? `✓ removed "${name}"${result.removedSecrets.length > 0 ? ` and its secrets (${result.removedSecrets.join(', ')})` : ''}` : `"${name}" was already gone`);
      process.exitCode = result.deleted ? ExitCode.Ok : ExitCode.Failed;
    });

  profile
    .command('default <name>')
    .description('make NAME the default profile (MEM-2); the mark moves from any other')
    .action(async (name: string) => {
      await withProfileAccess((access) => access.setDefault(name));
      out(`✓ "${name}" is now the default profile`);
      process.exitCode = ExitCode.Ok;
    });
}
