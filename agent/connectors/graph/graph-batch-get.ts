/**
 * Many independent GETs of one mailbox as few round trips: packed 20 to a `$batch` (Graph's
 * JSON batching limit), at most 4 batches in flight (Exchange Online's concurrent requests
 * per mailbox). Used where a level of a folder tree needs one listing per parent (issue #7).
 * A part that fails fails the call with its typed error (throttled → ThrottledError), so
 * the engine's throttle gate retries the whole read — reads are idempotent.
 */
import { ConnectorError } from '../connector-errors.js';
import { mapGraphError } from './graph-error-map.js';
import { GRAPH_BATCH_LIMIT, GRAPH_CONCURRENCY_PER_MAILBOX } from './graph-item-batch.js';
import type { Json } from './graph-item-mapping.js';
import type { GraphRequester } from './graph-requester.js';
import { withImmutableIds } from './profile-graph-middleware.js';

async function oneBatch(req: GraphRequester, mailbox: string, urls: readonly string[], prefer: readonly string[]): Promise<Json[]> {
  const headers = withImmutableIds(prefer.length > 0 ? { Prefer: prefer.join(', ') } : {});
  const requests = urls.map((url, i) => ({ id: String(i), method: 'GET', url: url.slice(req.graphApiRoot.length), headers }));
  const answer = await req.call(mailbox, (c) => c.api(req.url('/$batch')).post({ requests }) as Promise<Json>);
  const out: Array<Json | undefined> = new Array(urls.length).fill(undefined);
  for (const part of Array.isArray(answer.responses) ? (answer.responses as Json[]) : []) {
    const i = Number(part.id);
    if (!Number.isInteger(i) || i < 0 || i >= urls.length) continue;
    const status = Number(part.status);
    const body = (part.body ?? {}) as Json;
    if (status >= 200 && status < 300) {
      out[i] = body;
      continue;
    }
    const err = (body.error ?? {}) as Json;
    throw mapGraphError({ statusCode: status, code: err.code, message: err.message, headers: (part.headers ?? {}) as Record<string, string> }, {}, mailbox);
  }
  const missing = out.findIndex((r) => r === undefined);
  if (missing >= 0) throw new ConnectorError({ protocol: 'graph', code: 'MB_BATCH_NO_ANSWER', mailbox, message: `the $batch answer had no part ${missing}` });
  return out as Json[];
}

/** The answer body of each URL (absolute, under the profile's API root), in the order of `urls`. */
export async function batchGet(req: GraphRequester, mailbox: string, urls: readonly string[], prefer: readonly string[]): Promise<Json[]> {
  const chunks: string[][] = [];
  for (let at = 0; at < urls.length; at += GRAPH_BATCH_LIMIT) chunks.push(urls.slice(at, at + GRAPH_BATCH_LIMIT));
  const results: Json[][] = new Array(chunks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < chunks.length; i = next++) results[i] = await oneBatch(req, mailbox, chunks[i] as string[], prefer);
  };
  await Promise.all(Array.from({ length: Math.min(GRAPH_CONCURRENCY_PER_MAILBOX, chunks.length) }, worker));
  return results.flat();
}
