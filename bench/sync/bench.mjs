#!/usr/bin/env node
/**
 * The sync engine's benchmark (issue #7): against the lab with `--mailboxes N --items N
 * --latency-ms N` (defaults 5, 10000, 20), per protocol (`--protocol ews|graph|both`):
 * - initial sync: items per second (imported + ingested, per wall second);
 * - round trips used ÷ the protocol's floor for what the run did (sync-semantics §4): listing
 *   ⌈N/page⌉ per folder; the EX-14 expansion window read as ⌈entries in it / page⌉ (at least
 *   1) per staff mailbox, counted in the lab model (Graph calendarView pages of 500, EWS
 *   CalendarView answers of at most 1000); hydration 0 on Graph ($select, items carried by
 *   delta pages) and ⌈imported/10⌉ on EWS — the floor assumes Microsoft's GetItem batch of 10
 *   (sync-semantics §4.1) while the engine reads 40 per call, so EWS may come in under 1;
 *   one folder listing per shared mailbox; the EX-15 confirmation mail of each staff mailbox's
 *   first good sync (Graph sendMail, EWS CreateItem); on Graph one token request. Target ≤ 1.2;
 * - incremental sync with no changes (the third run: the second takes in the EX-15
 *   confirmation mails the first one sent): round trips vs folders synced (target equal);
 * - peak RSS of the syncing process (the sync runs in a child; the lab stays here); target < 200 MB.
 * `--detail` adds what the lab's server saw per operation (initial and idle) and the peak of
 * each memory figure (rss, heap, external, arrayBuffers). The syncing child runs with the
 * agent's own Node.js options (src/runtime/agent-node-options.ts); MB_BENCH_CHILD_FLAGS
 * replaces them for an experiment (`MB_BENCH_CHILD_FLAGS=` for none, `--expose-gc` to also
 * sample the live heap).
 * Runs the built code (dist/): `npx tsc -p tsconfig.json` first.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (p) => path.join(root, 'dist', p);
const load = (p) => import(pathToFileURL(dist(p)).href);
if (!existsSync(dist('agent/sync/profile-sync.js'))) {
  process.stderr.write(`${dist('agent/sync/profile-sync.js')} is missing: run \`npx tsc -p tsconfig.json\` first\n`);
  process.exit(2);
}

function flag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

// ── child: one protocol's syncs, measured from inside ─────────────────────────
if (process.argv.includes('--child')) {
  const job = JSON.parse(process.env.MB_BENCH_JOB);
  // The V8 flags the agent sets on itself as it starts (unless an experiment names its own).
  if (process.env.MB_BENCH_CHILD_FLAGS === undefined) (await load('src/runtime/agent-node-options.js')).applyAgentV8Flags();
  const { validateProfile } = await load('src/profiles/validate-profile.js');
  const { createConnector } = await load('agent/connectors/create-connector.js');
  const { openStore } = await load('agent/store/open-store.js');
  const { runProfileSync } = await load('agent/sync/profile-sync.js');
  const { profile } = validateProfile(job.profile);
  const secrets = { get: async ({ field }) => job.secrets[field] };
  const connector = await createConnector(profile, secrets);
  const store = openStore({ stateDir: job.stateDir });
  // Peak of each memory figure, sampled while the syncs run (tells heap from buffers from native).
  const memoryPeak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  // With --expose-gc in MB_BENCH_CHILD_FLAGS: the live set (heap after a full collection), sampled every second.
  let liveMax = 0;
  const liveSampler = globalThis.gc ? setInterval(() => { globalThis.gc(); liveMax = Math.max(liveMax, Math.round(process.memoryUsage().heapUsed / 1048576)); }, 1000) : undefined;
  const sampler = setInterval(() => { for (const [k, v] of Object.entries(process.memoryUsage())) memoryPeak[k] = Math.max(memoryPeak[k] ?? 0, Math.round(v / 1048576)); }, 50);
  const foldersSynced = new Set();
  const progress = (e) => { if (e.phase === 'finished') foldersSynced.add(`${e.mailbox}|${e.folder}`); };
  // What the server saw per operation, read and reset through the lab's control endpoint (not counted as a round trip).
  const serverStats = async () => {
    const seen = (await (await fetch(`${job.control}/stats`)).json()).requests.byOperation;
    await fetch(`${job.control}/stats`, { method: 'DELETE' });
    return seen;
  };
  const initial = await runProfileSync({ db: store.db, stateDir: job.stateDir, profile, connector, progress });
  // The initial run sends each staff member the EX-15 confirmation, which lands in a selected
  // folder: the next run takes those in, and only the run after it has nothing to do.
  const initialOps = await serverStats();
  await runProfileSync({ db: store.db, stateDir: job.stateDir, profile, connector });
  await serverStats();
  foldersSynced.clear();
  const idle = await runProfileSync({ db: store.db, stateDir: job.stateDir, profile, connector, progress });
  const idleOps = await serverStats();
  clearInterval(sampler);
  if (liveSampler) { clearInterval(liveSampler); memoryPeak.liveHeap = liveMax; }
  await connector.close();
  store.close();
  process.stdout.write(`${JSON.stringify({ initial, idle, initialOps, idleOps, idleFolders: foldersSynced.size, memoryPeakMb: memoryPeak, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
  process.exit(0);
}

// ── parent: the lab, the floor, the report ───────────────────────────────────
const MAILBOXES = Number(flag('mailboxes', '5'));
const ITEMS = Number(flag('items', '10000'));
const LATENCY_MS = Number(flag('latency-ms', '20'));
const PROTOCOLS = flag('protocol', 'both') === 'both' ? ['ews', 'graph'] : [flag('protocol', 'ews')];
const { startLab } = await load('fixtures/lab/lab.js');
// The sync runs with the Node.js options the agent runs with (systemd units, console launcher),
// unless MB_BENCH_CHILD_FLAGS names others for an experiment.
const { AGENT_NODE_OPTIONS, AGENT_V8_FLAGS } = await load('src/runtime/agent-node-options.js');
const CHILD_NODE_OPTIONS = process.env.MB_BENCH_CHILD_FLAGS !== undefined ? process.env.MB_BENCH_CHILD_FLAGS.split(' ').filter(Boolean) : AGENT_NODE_OPTIONS;

const started = Date.now();
const lab = await startLab({ seed: 7, mailboxes: MAILBOXES, items: ITEMS, latencyMs: LATENCY_MS });
process.stderr.write(`lab ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${MAILBOXES} mailboxes × ${ITEMS} items, ${LATENCY_MS} ms latency\n`);

function runChild(job) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CHILD_NODE_OPTIONS, fileURLToPath(import.meta.url), '--child'], { env: { ...process.env, MB_BENCH_JOB: JSON.stringify(job) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`bench child exited ${code}`))));
  });
}

/** The protocol's floor for what this run did (sync-semantics §4; see the header). */
const { validateProfile: validateForFloor } = await load('src/profiles/validate-profile.js');
const { expansionWindow } = await load('agent/sync/sync-windows.js');
const { expandOccurrences } = await load('fixtures/lab/model/recurrence.js');
const { CALENDAR_VIEW_PAGE } = await load('agent/connectors/graph/graph-requester.js');
const { CALENDAR_VIEW_MAX } = await load('agent/connectors/ews/ews-calendar-view.js');

/** Entries (singles, occurrences, exceptions) of a mailbox's calendar inside the EX-14 expansion window, as the lab serves them. */
function entriesInExpansionWindow(box, windows) {
  const model = lab.context.model;
  const window = expansionWindow(new Date(), windows);
  const from = Date.parse(window.start);
  const to = Date.parse(window.end);
  return model.items(model.wellKnownFolder(box.id, 'calendar').id).reduce((n, e) => n + (e.kind === 'event' ? expandOccurrences(e, from, to).length : 0), 0);
}

function floor(protocol, profile, summary) {
  const model = lab.context.model;
  const page = protocol === 'ews' ? 512 : 200;
  const calendarPage = protocol === 'ews' ? CALENDAR_VIEW_MAX : CALENDAR_VIEW_PAGE;
  const { windows } = validateForFloor(profile).profile;
  let trips = protocol === 'graph' ? 1 : 0; // Graph: one token request
  const staff = profile.staff.filter((s) => s.enabled).map((s) => s.user);
  for (const address of staff) {
    const box = model.findMailbox(address);
    for (const name of ['calendar', 'contacts', 'tasks']) trips += Math.max(1, Math.ceil(model.itemCount(model.wellKnownFolder(box.id, name).id) / page));
    trips += Math.max(1, Math.ceil(entriesInExpansionWindow(box, windows) / calendarPage)); // the EX-14 expansion window
    trips += 1; // EX-15: the confirmation mail of the first good sync
    if (protocol === 'graph') for (const name of ['inbox', 'sentitems']) trips += Math.max(1, Math.ceil(model.itemCount(model.wellKnownFolder(box.id, name).id) / page));
  }
  if (protocol === 'graph') {
    for (const address of profile.sharedMailboxes ?? []) {
      const box = model.findMailbox(address);
      trips += 1; // folder listing
      for (const f of model.folders(box.id).filter((x) => x.folderClass === 'IPF.Note')) trips += Math.max(1, Math.ceil(model.itemCount(f.id) / page));
    }
  }
  if (protocol === 'ews') trips += Math.ceil(summary.imported / 10);
  return trips;
}

const results = [];
try {
  for (const protocol of PROTOCOLS) {
    const entry = lab.document.profiles.find((p) => p.name === (protocol === 'ews' ? 'lab-onprem' : 'lab-online'));
    const base = JSON.parse(readFileSync(entry.file, 'utf8'));
    const profile = {
      ...base,
      export: { appointments: true, serviceCalls: true, accountManagerContacts: true, todos: true },
      staff: lab.document.mailboxes.map((user) => ({ user, enabled: true })),
    };
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'mb-bench-sync-'));
    try {
      lab.context.stats.reset();
      const r = await runChild({ profile, secrets: entry.secrets, stateDir, control: lab.document.control });
      const items = r.initial.imported + r.initial.ingested;
      const min = floor(protocol, profile, r.initial);
      results.push({
        protocol,
        initial: { items, seconds: +(r.initial.durationMs / 1000).toFixed(2), itemsPerSecond: Math.round(items / (r.initial.durationMs / 1000)), roundTrips: r.initial.roundTrips, floor: min, ratio: +(r.initial.roundTrips / min).toFixed(2), errors: r.initial.errors.length },
        idle: { roundTrips: r.idle.roundTrips, foldersSynced: r.idleFolders, errors: r.idle.errors.length },
        serverRequests: { initial: r.initialOps, idle: r.idleOps },
        memoryPeakMb: r.memoryPeakMb,
        peakRssMb: Math.round(r.peakRssMb),
      });
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  }
} finally {
  await lab.stop();
}

for (const r of results) {
  process.stdout.write(`${r.protocol}: initial ${r.initial.items} items in ${r.initial.seconds} s = ${r.initial.itemsPerSecond} items/s; round trips ${r.initial.roundTrips} vs floor ${r.initial.floor} = ${r.initial.ratio} (target ≤ 1.2)${r.initial.errors ? `; ${r.initial.errors} error(s)` : ''}\n`);
  if (process.argv.includes('--detail')) process.stdout.write(`${r.protocol}: server saw ${JSON.stringify(r.serverRequests)}; memory peaks (MB) ${JSON.stringify(r.memoryPeakMb)}\n`);
  process.stdout.write(`${r.protocol}: idle sync ${r.idle.roundTrips} round trips for ${r.idle.foldersSynced} folders (target equal); peak RSS ${r.peakRssMb} MB (target < 200)\n`);
}
process.stdout.write(`node options of the syncing process: ${CHILD_NODE_OPTIONS.join(' ') || '(none)'}${process.env.MB_BENCH_CHILD_FLAGS === undefined ? `, and ${AGENT_V8_FLAGS.join(' ')} set at its start as the agent does` : ''}\n`);
process.stdout.write(`${JSON.stringify({ schema: 'mailbridge.bench-sync/v1', mailboxes: MAILBOXES, items: ITEMS, latencyMs: LATENCY_MS, nodeOptions: CHILD_NODE_OPTIONS, results })}\n`);
