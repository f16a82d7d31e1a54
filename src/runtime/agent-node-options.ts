/**
 * The agent's memory profile, in one place for everything that starts it: the systemd units
 * (`Environment="NODE_OPTIONS=…"`, checked against this list by a test), the console's
 * launcher, the agent itself at start, and the sync benchmark, which measures the agent as
 * it really runs.
 *
 * Why: the sync engine's live heap stays small (pages are committed one by one; bench/sync
 * at 5 mailboxes × 10,000 items peaks near 100 MB live), but ews-javascript-api parses every
 * answer into a DOM and object graph that is garbage a moment later, and V8 by default lets
 * the heap grow far past the live set before it collects: 400+ MB resident for that run.
 * `--optimize-for-size` makes V8 collect sooner and keep its heap close to what is live; a
 * small young generation keeps the parse garbage from piling up between scavenges; the
 * old-space cap leaves about four times the measured live peak, so a mailbox with unusually
 * large items slows down before it could ever run out. Together (bench/sync): EWS peak RSS
 * 443 → below 200 MB, Graph 228 → about 140 MB, at about a third more CPU for the EWS initial
 * sync. An operator who needs more raises the cap in the unit's NODE_OPTIONS.
 */
import v8 from 'node:v8';

/** Heap sizes: fixed when the process starts, so they go on node's command line or in NODE_OPTIONS. */
export const AGENT_NODE_OPTIONS: readonly string[] = ['--max-old-space-size=384', '--max-semi-space-size=1'];

/** V8 flags Node refuses in NODE_OPTIONS; the agent sets them on itself as it starts. */
export const AGENT_V8_FLAGS: readonly string[] = ['--optimize-for-size'];

export function applyAgentV8Flags(): void {
  for (const flag of AGENT_V8_FLAGS) v8.setFlagsFromString(flag);
}
