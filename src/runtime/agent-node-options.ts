/**
 * The Node.js options the agent runs with, in one place for everything that starts it: the
 * systemd units (`Environment="NODE_OPTIONS=…"`, checked against this list by a test), the
 * console's launcher and the sync benchmark, which measures the agent as it really runs.
 *
 * Why: the sync engine's live heap stays small (pages are committed one by one; bench/sync
 * at 5 mailboxes × 10,000 items peaks near 100 MB live), but ews-javascript-api parses every
 * answer into a DOM and object graph that is garbage a moment later, and V8 by default lets
 * the heap grow far past the live set before it collects: 400+ MB resident for that run.
 * `--optimize-for-size` makes V8 collect sooner and keep its heap close to what is live
 * (bench/sync: EWS peak RSS 443 → 189 MB, Graph 228 → 138 MB, at about a third more CPU for
 * the EWS initial sync); the old-space cap leaves about four times the measured live peak,
 * so a mailbox with unusually large items slows down before it could ever run out.
 * An operator who needs more raises the cap in the unit's NODE_OPTIONS.
 */

export const AGENT_NODE_OPTIONS: readonly string[] = ['--optimize-for-size', '--max-old-space-size=384'];

