/**
 * HTTPS for the Exchange Online checks: verified TLS with the run's trust anchors over the
 * connectors' transport, a fresh `client-request-id` on every request, and the ids that
 * Microsoft support asks for (request-id / x-ms-request-id, client-request-id) kept as
 * evidence together with the server's Date.
 */
import { randomUUID } from 'node:crypto';
import type https from 'node:https';
import { performance } from 'node:perf_hooks';
import { sendHttpRequest, type HttpResponse } from '../../connectors/transport/https-request.js';
import { RoundTripCounter } from '../../connectors/transport/round-trip-counter.js';
import { createProfileAgent } from '../../connectors/transport/profile-agent.js';
import type { ProxySource } from '../../connectors/transport/proxy-route.js';
import { raceSignal } from '../abortable.js';

export interface OnlineEvidence {
  readonly url: string;
  readonly status: number;
  readonly requestId: string | null;
  readonly clientRequestId: string;
  readonly date: string | null;
  readonly elapsedMs: number;
}

export type OnlineAnswer =
  | { ok: true; evidence: OnlineEvidence; json: Record<string, unknown> | undefined; response: HttpResponse }
  | { ok: false; code: string; message: string; url: string };

function header(res: HttpResponse, name: string): string | null {
  const v = res.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? null;
}

export class OnlineSession {
  #agent: Promise<https.Agent> | undefined;
  #built: https.Agent | undefined;
  readonly #counter = new RoundTripCounter();

  /** `proxy`: the profile's outbound proxy (issue #7), read on first use, so the checks go the way the sync goes. */
  constructor(private readonly ca: string[] | undefined, private readonly proxy?: ProxySource) {}

  #ready(): Promise<https.Agent> {
    this.#agent ??= (async () => {
      const route = await this.proxy?.();
      this.#built = createProfileAgent({ ...(this.ca ? { ca: this.ca } : {}), ...(route ? { proxy: route } : {}) }, { maxSockets: 4 });
      return this.#built;
    })();
    return this.#agent;
  }

  async send(method: string, url: string, headers: Record<string, string>, body: string | undefined, signal: AbortSignal): Promise<OnlineAnswer> {
    const clientRequestId = randomUUID();
    const started = performance.now();
    try {
      const agent = await raceSignal(this.#ready(), signal);
      const response = await raceSignal(sendHttpRequest(agent, {
        method, url, headers: { ...headers, 'client-request-id': clientRequestId, 'return-client-request-id': 'true', Accept: 'application/json' },
        ...(body !== undefined ? { body } : {}),
      }, this.#counter), signal);
      let json: Record<string, unknown> | undefined;
      try {
        const parsed: unknown = JSON.parse(response.body.toString('utf8'));
        json = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
      } catch {
        json = undefined;
      }
      const evidence: OnlineEvidence = {
        url, status: response.status,
        requestId: header(response, 'request-id') ?? header(response, 'x-ms-request-id'),
        clientRequestId: header(response, 'client-request-id') ?? clientRequestId,
        date: header(response, 'date'),
        elapsedMs: Math.round(performance.now() - started),
      };
      return { ok: true, evidence, json, response };
    } catch (error) {
      if (signal.aborted) throw error;
      const e = error as NodeJS.ErrnoException;
      return { ok: false, code: e.code ?? 'ECONNRESET', message: e.message, url };
    }
  }

  close(): void {
    this.#built?.destroy();
  }
}
