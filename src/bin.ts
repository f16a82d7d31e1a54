#!/usr/bin/env node
/**
 * The `mailbridge` executable. Kept tiny on purpose: it fixes the environment that
 * must be right before any library loads, then hands over to main.ts.
 */
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`mailbridge needs Node.js 20.19 or newer; this is ${process.version}. Install a current Node.js LTS and try again.\n`);
  process.exit(2);
}

// chalk (under Ink) ignores NO_COLOR; FORCE_COLOR=0 is what it honours (architecture.md).
if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';

const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2));
