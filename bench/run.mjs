#!/usr/bin/env node
/**
 * `npm run bench [-- NAME…]`: runs every benchmark folder under bench/ that has a
 * bench.mjs, one child process each (so one benchmark's warm JIT or heap does not colour
 * the next), in name order. Benchmarks print their own figures; this runner only reports
 * which ran and fails when one fails. Never part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(here, entry.name, 'bench.mjs')))
  .map((entry) => entry.name)
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

if (benches.length === 0) {
  process.stderr.write(`no benchmark matches ${wanted.join(', ') || '(any)'}; folders with a bench.mjs: ${readdirSync(here).join(', ')}\n`);
  process.exit(2);
}

let failed = 0;
for (const name of benches) {
  process.stdout.write(`\n== bench/${name} ==\n`);
  const result = spawnSync(process.execPath, [path.join(here, name, 'bench.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    process.stdout.write(`bench/${name} failed (exit ${result.status ?? result.signal})\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
