/**
 * Versions reported by `agent.hello`, `agent.status` and `--version`.
 * The protocol major changes only when a method changes incompatibly; additions keep it.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function readPackageVersion(): string {
  // dist/src/version.js and src/version.ts both sit two levels below package.json… or one.
  for (const candidate of ['../../package.json', '../package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === 'mailbridge' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

export const MAILBRIDGE_VERSION: string = readPackageVersion();
export const PROTOCOL_VERSION = 1;
