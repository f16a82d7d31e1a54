/**
 * `mailbridge demo`: everything a newcomer needs to see mailbridge work without an
 * Exchange server — the lab, an agent with its own temporary state, two demo profiles
 * (`demo-onprem`, `demo-online`) pointing at the lab — and the console opened on them.
 * Quitting the console stops the agent and the lab and removes the temporary state.
 */
import type { Command } from 'commander';

interface DemoFlags {
  fault: string[];
  labDocument?: string;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('open the console on a lab with two demo profiles (no Exchange needed); needs a terminal')
    .option('--fault <name>', 'switch a lab fault on at start (repeatable; see README "The lab")', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--lab-document <file>', "write the lab's contract document (control URL for fault switches) to FILE")
    .action(async (flags: DemoFlags) => {
      const { canRunConsole, NON_TTY_MESSAGE } = await import('../../tui/console-environment.js');
      if (!canRunConsole(process.stdin, process.stdout, process.env)) {
        process.stderr.write(`${NON_TTY_MESSAGE}\nFor the lab without the console: mailbridge lab\n`);
        process.exitCode = 2;
        return;
      }
      const { startDemoWorld } = await import('./demo-world.js');
      // The world starts (agent child first) while the console's modules load.
      const [world, { runConsole }] = await Promise.all([
        startDemoWorld({ faults: flags.fault, ...(flags.labDocument ? { labDocumentFile: flags.labDocument } : {}) }),
        import('../../tui/run-console.js'),
      ]);
      const stop = (): void => void world.close().finally(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGHUP', stop);
      try {
        process.exitCode = await runConsole({ env: world.env, initial: { screen: 'dashboard' } });
      } finally {
        process.off('SIGTERM', stop);
        process.off('SIGHUP', stop);
        await world.close();
      }
    });
}
