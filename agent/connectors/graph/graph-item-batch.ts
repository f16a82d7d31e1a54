/**
 * Batched item reads on Graph: many GETs of single items packed 20 to a `$batch` round
 * trip (Graph's JSON batching limit), at most 4 batches in flight per mailbox (Exchange
 * Online's concurrent-request limit per mailbox). Replaces one GET per item after change
 * tracking, which made the initial sync cost ~60× the protocol's floor (issue #7).
 *
 * A part answering 404 means the item is gone (null). A part that is throttled or failed
 * fails the whole call with its typed error, so the engine's throttle gate waits and
 * retries the chunk — reads are idempotent.
 */
import type { ItemKind, RemoteItem } from '../connector.js';
import { ConnectorError } from '../connector-errors.js';
import { mapGraphError } from './graph-error-map.js';
import type { Json } from './graph-item-mapping.js';
import type { GraphRequester } from './graph-requester.js';
import { withImmutableIds } from './profile-graph-middleware.js';

export const GRAPH_BATCH_LIMIT = 20;
export const GRAPH_CONCURRENCY_PER_MAILBOX = 4;
const NOT_FOUND_STATUS = 404;

export interface BatchReadPlan<K extends ItemKind> {
  mailbox: string;
  kind: K;
  ids: readonly string[];
  /** The absolute URL of one item's GET (query included). */
  urlOf: (id: string) => string;
  prefer: string[];
  toItem: (json: Json) => RemoteItem<K>;
}

async function oneBatch<K extends ItemKind>(req: GraphRequester, plan: BatchReadPlan<K>, ids: readonly string[]): Promise<Array<RemoteItem<K> | null>> {
  const headers = withImmutableIds(plan.prefer.length > 0 ? { Prefer: plan.prefer.join(', ') } : {});
  const requests = ids.map((id, i) => ({ id: String(i), method: 'GET', url: plan.urlOf(id).slice(req.graphApiRoot.length), headers }));
  const answer = await req.call(plan.mailbox, (c) => c.api(req.url('/$batch')).post({ requests }) as Promise<Json>);
  const out: Array<RemoteItem<K> | null | undefined> = new Array(ids.length).fill(undefined);
  for (const part of Array.isArray(answer.responses) ? (answer.responses as Json[]) : []) {
    const i = Number(part.id);
    if (!Number.isInteger(i) || i < 0 || i >= ids.length) continue;
    const status = Number(part.status);
    const body = (part.body ?? {}) as Json;
    if (status >= 200 && status < 300) { out[i] = plan.toItem(body); continue; }
    if (status === NOT_FOUND_STATUS) { out[i] = null; continue; }
    const err = (body.error ?? {}) as Json;
    throw mapGraphError({ statusCode: status, code: err.code, message: err.message, headers: (part.headers ?? {}) as Record<string, string> }, {}, plan.mailbox);
  }
  const missing = out.findIndex((r) => r === undefined);
  if (missing >= 0) throw new ConnectorError({ protocol: 'graph', code: 'MB_BATCH_NO_ANSWER', mailbox: plan.mailbox, message: `the $batch answer had no part ${missing}` });
  return out as Array<RemoteItem<K> | null>;
}

/** Every id's item (or null when gone), in the order of `ids`. */
export async function readItemsBatched<K extends ItemKind>(req: GraphRequester, plan: BatchReadPlan<K>): Promise<Array<RemoteItem<K> | null>> {
  const chunks: string[][] = [];
  for (let at = 0; at < plan.ids.length; at += GRAPH_BATCH_LIMIT) chunks.push(plan.ids.slice(at, at + GRAPH_BATCH_LIMIT));
  const results: Array<Array<RemoteItem<K> | null>> = new Array(chunks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < chunks.length; i = next++) results[i] = await oneBatch(req, plan, chunks[i] as string[]);
  };
  await Promise.all(Array.from({ length: Math.min(GRAPH_CONCURRENCY_PER_MAILBOX, chunks.length) }, worker));
  return results.flat();
}
