#!/usr/bin/env node
/**
 * How well the check runner uses parallelism (issue #4): a full on-premises run against the
 * lab with every response delayed by 50 ms (`latency`), printing the wall time divided by
 * the longest dependency chain's time (target ≤ 1.3: the run takes barely longer than its
 * unavoidable sequence) and divided by the sum of all check times (how much running
 * independent checks at once saves). Runs the built code (dist/): `npx tsc -p tsconfig.json`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (p) => path.join(root, 'dist', p);
for (const file of ['fixtures/lab/lab.js', 'agent/checks/check-plan.js']) {
  if (!existsSync(dist(file))) {
    process.stderr.write(`${dist(file)} is missing: run \`npx tsc -p tsconfig.json\` first\n`);
    process.exit(2);
  }
}
const load = (p) => import(pathToFileURL(dist(p)).href);
const { startLab } = await load('fixtures/lab/lab.js');
const { checkPlan } = await load('agent/checks/check-plan.js');
const { readCaFile } = await load('agent/checks/ca-file.js');
const { runChecks } = await load('agent/checks/runner.js');
const { validateProfile } = await load('src/profiles/validate-profile.js');

const LATENCY_MS = 50;
const ROUNDS = 5;
const TARGET = 1.3;

/** The longest chain of dependent checks, by their measured durations. */
function longestChain(definitions, durations) {
  const memo = new Map();
  const chain = (id) => {
    if (memo.has(id)) return memo.get(id);
    const def = definitions.find((d) => d.id === id);
    const own = durations.get(id) ?? 0;
    const before = Math.max(0, ...def.dependsOn.map(chain));
    memo.set(id, own + before);
    return own + before;
  };
  return Math.max(...definitions.map((d) => chain(d.id)));
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const lab = await startLab({ latencyMs: LATENCY_MS });
try {
  const entry = lab.document.profiles.find((p) => p.name === 'lab-onprem');
  const { profile } = validateProfile(JSON.parse(readFileSync(entry.file, 'utf8')));
  const secrets = { get: async ({ field }) => entry.secrets[field] };
  const caFile = readCaFile(profile.tls.caFile, 'tls.caFile');
  const rows = [];
  for (let round = 0; round < ROUNDS; round++) {
    const plan = checkPlan({ profile, secrets, caFile, timeoutMs: 10_000 });
    const started = performance.now();
    const report = await runChecks(plan.definitions, { target: plan.target, timeoutMs: 10_000 });
    const wall = performance.now() - started;
    const notPassing = report.checks.filter((c) => c.status !== 'pass');
    if (notPassing.length > 0) throw new Error(`the healthy lab did not pass: ${notPassing.map((c) => `${c.id} ${c.status} ${c.summary}`).join('; ')}`);
    const durations = new Map(report.checks.map((c) => [c.id, c.durationMs]));
    const chain = longestChain(plan.definitions, durations);
    const sum = report.checks.reduce((total, c) => total + c.durationMs, 0);
    rows.push({ wall, chain, sum, checks: report.checks.length });
  }
  const wall = median(rows.map((r) => r.wall));
  const chain = median(rows.map((r) => r.chain));
  const sum = median(rows.map((r) => r.sum));
  const ratioChain = median(rows.map((r) => r.wall / r.chain));
  const ratioSum = median(rows.map((r) => r.wall / r.sum));
  process.stdout.write(`full on-premises run, ${rows[0].checks} checks, latency ${LATENCY_MS} ms per response, median of ${ROUNDS} rounds\n`);
  process.stdout.write(`  wall time                     ${wall.toFixed(0)} ms\n`);
  process.stdout.write(`  longest dependency chain      ${chain.toFixed(0)} ms\n`);
  process.stdout.write(`  sum of all check times        ${sum.toFixed(0)} ms\n`);
  process.stdout.write(`  wall ÷ longest chain          ${ratioChain.toFixed(2)} (target ≤ ${TARGET}) ${ratioChain <= TARGET ? 'ok' : 'OVER TARGET'}\n`);
  process.stdout.write(`  wall ÷ sum of check times     ${ratioSum.toFixed(2)}\n`);
  process.exitCode = ratioChain <= TARGET ? 0 : 1;
} finally {
  await lab.stop();
}
