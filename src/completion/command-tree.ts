/**
 * The completion table, read from the commander program itself so completions never drift
 * from the commands: for every command path ("", "profile", "profile import"…) the words
 * that may follow it (subcommands and options). Pure: a Command in, data out.
 */
import type { Command } from 'commander';

export interface CompletionEntry {
  /** Space-joined subcommand path below the program ("" for the program itself). */
  path: string;
  subcommands: string[];
  options: string[];
}

function optionFlags(command: Command): string[] {
  const flags = command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => typeof f === 'string'));
  return [...flags, '--help'];
}

export function completionTable(program: Command): CompletionEntry[] {
  const entries: CompletionEntry[] = [];
  const visit = (command: Command, path: string) => {
    const children = command.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
    entries.push({ path, subcommands: children.map((c) => c.name()), options: optionFlags(command) });
    for (const child of children) visit(child, path ? `${path} ${child.name()}` : child.name());
  };
  visit(program, '');
  return entries;
}
