/**
 * `mailbridge completion bash|zsh`: prints a completion script generated from the
 * registered commands (src/completion/), so it always matches this build.
 */
import type { Command } from 'commander';
import { ExitCode } from '../cli/exit-codes.js';
import { OperatorError } from '../errors/operator-error.js';
import { completionTable } from '../completion/command-tree.js';
import { COMPLETION_SHELLS, renderCompletion, type CompletionShell } from '../completion/render-completion.js';

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

export function register(program: Command): void {
  program
    .command('completion <shell>')
    .description('print a shell completion script (bash or zsh)')
    .addHelpText('after', `
Examples:
  source <(mailbridge completion bash)                                   # this shell only
  mailbridge completion bash | sudo tee /etc/bash_completion.d/mailbridge
  mailbridge completion zsh > "\${fpath[1]}/_mailbridge"`)
    .action((shell: string, _options: unknown, command: Command) => {
      if (!(COMPLETION_SHELLS as readonly string[]).includes(shell)) {
        throw new OperatorError({
          code: 'MB_COMPLETION_SHELL_UNKNOWN', family: 'config', field: 'shell', exitCode: 2,
          message: `no completion for the shell "${shell}"`,
          cause: 'mailbridge generates completion scripts for bash and zsh.',
          fix: ['Run `mailbridge completion bash` or `mailbridge completion zsh`.'],
        });
      }
      process.stdout.write(renderCompletion(shell as CompletionShell, completionTable(rootOf(command))));
      process.exitCode = ExitCode.Ok;
    });
}
