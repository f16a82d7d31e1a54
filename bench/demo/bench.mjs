#!/usr/bin/env node
/**
 * bench/demo: how long `mailbridge demo` takes from the command to a dashboard showing
 * both demo profiles (issue #6: target within 3 s), in a real terminal (tmux at 80×24).
 * Prints each run, the median and the median divided by the 3 s target. Needs the build
 * (`npm run build`) and tmux. Never part of `npm test`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'dist', 'src', 'bin.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = 3_000;
const server = `mb-bench-demo-${process.pid}`;

if (!existsSync(bin)) {
  console.error('bench/demo: build first (npm run build)');
  process.exit(2);
}
if (spawnSync('tmux', ['-V']).status !== 0) {
  console.error('bench/demo: needs tmux (apt-get install tmux)');
  process.exit(2);
}

const tmux = (...args) => execFileSync('tmux', ['-L', server, ...args], { encoding: 'utf8' });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function oneRun() {
  const started = performance.now();
  tmux('new-session', '-d', '-s', 'demo', '-x', '80', '-y', '24', `env -u CI NO_COLOR=1 ${process.execPath} ${bin} demo; sleep 30`);
  try {
    for (;;) {
      const screen = tmux('capture-pane', '-p', '-t', 'demo');
      if (/demo-onprem[\s\S]*demo-online/.test(screen)) return performance.now() - started;
      if (performance.now() - started > 30_000) throw new Error(`no dashboard after 30 s; screen:\n${screen}`);
      await sleep(25);
    }
  } finally {
    tmux('send-keys', '-t', 'demo', 'q');
    await sleep(800);
    spawnSync('tmux', ['-L', server, 'kill-session', '-t', 'demo']);
  }
}

try {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const ms = await oneRun();
    times.push(ms);
    console.log(`run ${i + 1}: dashboard with both demo profiles after ${ms.toFixed(0)} ms`);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`median ${median.toFixed(0)} ms; median / 3 s target = ${(median / TARGET_MS).toFixed(2)} (≤ 1.00 meets it)`);
} finally {
  spawnSync('tmux', ['-L', server, 'kill-server']);
}
