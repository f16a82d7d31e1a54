#!/usr/bin/env node
/**
 * How fast the diagnosis matcher reads text (issue #5): the time to diagnose a 1 MB log
 * excerpt (target under 200 ms) and the per-input latency over the fixture corpus.
 * Runs the built matcher (dist/), so build first: `npx tsc -p tsconfig.json`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const built = path.join(root, 'dist', 'src', 'diagnosis', 'index.js');
if (!existsSync(built)) {
  process.stderr.write(`${built} is missing: run \`npx tsc -p tsconfig.json\` first\n`);
  process.exit(2);
}
const { diagnose } = await import(pathToFileURL(built).href);

const TARGET_MS = 200;
const ONE_MB = 1024 * 1024;

/** A deterministic pseudo-random sequence, so every run reads the same log. */
function sequence(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** About 1 MB of agent and library log: mostly routine lines, a few failures of every shape. */
function logExcerpt(bytes) {
  const random = sequence(42);
  const routine = [
    (i) => `2026-03-0${1 + (i % 9)}T10:${String(i % 60).padStart(2, '0')}:00.${String(i % 1000).padStart(3, '0')}Z info sync profile=head-office mailbox=user${i % 300}@contoso.com folder=Inbox items=${i % 50} durationMs=${i % 900}`,
    (i) => `2026-03-01T10:00:00Z debug ews POST https://mail.contoso.com/EWS/Exchange.asmx HTTP/1.1 200 OK bytes=${i * 7 % 90000} requestId=${(i * 2654435761 >>> 0).toString(16)}`,
    (i) => `2026-03-01T10:00:00Z debug graph GET /v1.0/users/user${i % 300}@contoso.com/mailFolders/inbox/messages/delta?$deltatoken=${(i * 97).toString(36)} -> 200`,
    () => '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  ];
  const failures = [
    () => "Error: connect ECONNREFUSED 127.0.0.1:443\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16) {\n  errno: -111,\n  code: 'ECONNREFUSED',\n  syscall: 'connect'\n}",
    () => '{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215]}',
    () => '<s:Fault><faultcode xmlns:a="t">a:ErrorServerBusy</faultcode><faultstring>The server cannot service this request right now. Try again later.</faultstring><t:Value Name="BackOffMilliseconds">30000</t:Value></s:Fault>',
    () => 'HTTP/1.1 503 Service Unavailable',
    () => "SoapFaultDetails { message: 'unable to verify the first certificate', responseCode: 127 }",
  ];
  const lines = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const pick = random();
    const line = pick < 0.004 ? failures[Math.floor(random() * failures.length)]() : routine[Math.floor(random() * routine.length)](i);
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n').slice(0, bytes);
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { min: sorted[0], median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

const ms = (value) => `${value.toFixed(1)} ms`;
const us = (value) => `${(value * 1000).toFixed(0)} µs`;

// First call compiles the automaton from the knowledge base: report it on its own.
let started = performance.now();
diagnose('warm-up ECONNREFUSED');
const compileMs = performance.now() - started;

const log = logExcerpt(ONE_MB);
const runs = [];
let matches = 0;
for (let i = 0; i < 15; i++) {
  started = performance.now();
  matches = diagnose(log).matches.length;
  runs.push(performance.now() - started);
}
const big = stats(runs.slice(3));

const fixtureDir = path.join(root, 'test', 'fixtures', 'diagnosis');
const fixtures = readdirSync(fixtureDir).filter((n) => n.endsWith('.json')).flatMap((n) => JSON.parse(readFileSync(path.join(fixtureDir, n), 'utf8')));
const perInput = [];
for (let round = 0; round < 20; round++) {
  for (const fixture of fixtures) {
    started = performance.now();
    diagnose(fixture.input);
    if (round >= 2) perInput.push(performance.now() - started);
  }
}
const small = stats(perInput);

process.stdout.write([
  `knowledge-base compile (first call): ${ms(compileMs)}`,
  `1 MB log excerpt (${log.length} chars, ${matches} distinct codes found), 12 timed runs:`,
  `  min ${ms(big.min)}  median ${ms(big.median)}  p95 ${ms(big.p95)}  max ${ms(big.max)}`,
  `  throughput ${(log.length / ONE_MB / (big.median / 1000)).toFixed(1)} MB/s; target ${TARGET_MS} ms, median is ${(big.median / TARGET_MS * 100).toFixed(0)}% of it (${big.median <= TARGET_MS ? 'within target' : 'OVER TARGET'})`,
  `per input, ${fixtures.length} fixtures x 18 rounds:`,
  `  min ${us(small.min)}  median ${us(small.median)}  p95 ${us(small.p95)}  max ${us(small.max)}`,
  '',
].join('\n'));
