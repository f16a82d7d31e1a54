// Every command's --help ends with examples (#8), and the examples name only commands that
// exist (the first words after `mailbridge` form a registered command path).
import type { Command } from 'commander';
import { describe, expect, test } from 'vitest';
import { buildProgram } from '../../src/main.js';

function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  command.outputHelp();
  return text;
}

function allCommands(program: Command): Array<{ path: string; command: Command }> {
  const found: Array<{ path: string; command: Command }> = [];
  const visit = (c: Command, path: string) => {
    for (const child of c.commands) {
      const p = path ? `${path} ${child.name()}` : child.name();
      found.push({ path: p, command: child });
      visit(child, p);
    }
  };
  visit(program, '');
  return found;
}

describe('--help examples', () => {
  const program = buildProgram();
  const commands = allCommands(program);
  const paths = new Set(commands.map((c) => c.path));

  test('every command and subcommand shows Examples: with at least one mailbridge line', () => {
    expect(commands.length).toBeGreaterThan(20);
    for (const { path, command } of commands) {
      const help = helpOf(command);
      expect(help, path).toContain('\nExamples:\n');
      expect(help.split('Examples:')[1], path).toMatch(/mailbridge/);
    }
  });

  test('each example starts with a registered command', () => {
    for (const { path, command } of commands) {
      const examples = (helpOf(command).split('Examples:')[1] ?? '').split('\n').filter((l) => /^\s+mailbridge( |$)/.test(l));
      for (const line of examples) {
        const words = line.trim().split(/\s+/).slice(1).filter((w) => /^[a-z]+$/.test(w));
        if (words.length === 0) continue; // bare `mailbridge` opens the console
        const prefix = paths.has(`${words[0]} ${words[1]}`) ? `${words[0]} ${words[1]}` : words[0];
        expect(paths.has(prefix ?? ''), `${path}: ${line}`).toBe(true);
      }
    }
  });
});
