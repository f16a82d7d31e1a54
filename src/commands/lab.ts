/**
 * `mailbridge lab`: runs the lab (fixtures/lab/) in the foreground — fake Exchange
 * on-prem, Entra and Graph on loopback with fault switches — prints the contract line
 * (`--json`) or a summary when ready, and serves until SIGTERM or SIGINT. The lab code is
 * loaded only here, so other commands never pay for it.
 */
import type { Command } from 'commander';
import { OperatorError } from '../errors/operator-error.js';

interface LabFlags {
  json?: boolean;
  seed?: string;
  mailboxes?: string;
  items?: string;
  latencyMs?: string;
  fault: string[];
  httpsPort?: string;
  httpPort?: string;
  altHttpsPort?: string;
  onlinePort?: string;
  controlPort?: string;
  verbose?: boolean;
}

function integer(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) {
    throw new OperatorError({
      message: `${flag}: "${value}" is not a whole number`, code: 'MB_LAB_OPTION_INVALID', family: 'config', field: flag, exitCode: 2,
      cause: `${flag} takes a non-negative whole number.`, fix: [`Pass ${flag} with digits only, e.g. ${flag} 5.`],
    });
  }
  return Number(value.trim());
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

export function register(program: Command): void {
  program
    .command('lab')
    .description('run the lab: fake Exchange (EWS), Entra and Graph on loopback with fault switches (stop with Ctrl-C or SIGTERM)')
    .option('--json', 'print the contract line (one JSON document) when ready')
    .option('--seed <n>', 'seed of the generated data (default 1)')
    .option('--mailboxes <n>', 'user mailboxes (default 3)')
    .option('--items <n>', 'items per mailbox (default 60)')
    .option('--latency-ms <n>', 'delay every response by N ms (switches the latency fault on)')
    .option('--fault <name>', 'switch a fault on at start (repeatable; see README "The lab")', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--https-port <n>', 'pin the on-prem HTTPS port (default: ephemeral)')
    .option('--http-port <n>', 'pin the on-prem HTTP port (default: ephemeral)')
    .option('--alt-https-port <n>', 'pin the port standing for TCP 2610 (default: ephemeral)')
    .option('--online-port <n>', 'pin the Entra/Graph HTTPS port (default: ephemeral)')
    .option('--control-port <n>', 'pin the control endpoint port (default: ephemeral)')
    .option('--verbose', 'log lab events to stderr')
    .action(async (flags: LabFlags) => {
      const options = {
        seed: integer('--seed', flags.seed),
        mailboxes: integer('--mailboxes', flags.mailboxes),
        items: integer('--items', flags.items),
        latencyMs: integer('--latency-ms', flags.latencyMs),
        httpsPort: integer('--https-port', flags.httpsPort),
        httpPort: integer('--http-port', flags.httpPort),
        altHttpsPort: integer('--alt-https-port', flags.altHttpsPort),
        onlinePort: integer('--online-port', flags.onlinePort),
        controlPort: integer('--control-port', flags.controlPort),
        faults: flags.fault,
        // Failures inside the lab (a surface that threw) always reach stderr; the rest with --verbose.
        log: (event: string, details?: Record<string, unknown>) => {
          if (flags.verbose || /(error|failed)$/.test(event)) process.stderr.write(`${JSON.stringify({ event, ...details })}\n`);
        },
      };
      let stopRequested = false;
      const stopSignal = waitForStopSignal().then((signal) => { stopRequested = true; return signal; });
      const { startLab } = await import('../../fixtures/lab/lab.js');
      const lab = await startLab(options);
      if (stopRequested) {
        // Stopped while starting: never announce a lab that is about to go away.
        await lab.stop();
        process.exitCode = 0;
        return;
      }
      const doc = lab.document;
      if (flags.json) process.stdout.write(`${JSON.stringify(doc)}\n`);
      else {
        process.stdout.write([
          'mailbridge lab is running (loopback only). Stop with Ctrl-C.',
          `  EWS        ${doc.ews.url}   (HTTP ${doc.ews.httpPort} redirects; 2610 stand-in ${doc.ews.altHttpsPort})`,
          `  Graph      ${doc.graph.baseUrl}   authority ${doc.graph.authorityHost}/${doc.graph.tenantId}`,
          `  CA file    ${doc.caFile}`,
          `  control    ${doc.control}   (GET /state, GET /stats, GET/POST /faults)`,
          `  account    ${doc.accounts[0]?.domain}\\${doc.accounts[0]?.user} (sync service account, impersonates every lab mailbox)`,
          `  mailboxes  ${doc.mailboxes.join(', ')}; shared: ${doc.sharedMailboxes.join(', ')}`,
          `  profiles   ${doc.profiles.map((p) => p.file).join('\n             ')}`,
          `  faults     ${doc.faults.length > 0 ? doc.faults.join(', ') : 'none'}`,
          'Run with --json for the contract line including the lab-only credentials.',
          '',
        ].join('\n'));
      }
      await stopSignal;
      await lab.stop();
      process.exitCode = 0;
    });
}
