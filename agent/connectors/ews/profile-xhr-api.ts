/**
 * The EWS connector's own transport for ews-javascript-api (its IXHRApi): the library
 * builds and parses SOAP, this class carries it over node:https with the profile's TLS
 * trust (CA file, MEM-4 client certificate), its outbound proxy (a CONNECT tunnel,
 * transport/proxy-tunnel-agent.ts) and authentication (Basic, NTLMv2 on
 * keep-alive channels, or none for certificate logons). @ewsjs/xhr cannot do this: it has
 * no `ca` option and its NTLM mode replaces the HTTPS agent (issue #7).
 *
 * It also keeps what the library throws away: every non-200 answer's status and body, and
 * transport errors with their Node code, are recorded in the calling operation's
 * ExchangeRecord (AsyncLocalStorage), so ews-error-map.ts can read ErrorServerBusy's
 * BackOffMilliseconds and TLS codes itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type https from 'node:https';
import type { IXHRApi, IXHROptions, IXHRProgress } from 'ews-javascript-api';
import { sendHttpRequest, type HttpRequest, type HttpResponse } from '../transport/https-request.js';
import type { ConnectorTlsOptions } from '../transport/profile-trust.js';
import { createProfileAgent } from '../transport/profile-agent.js';
import type { RoundTripCounter } from '../transport/round-trip-counter.js';
import { NtlmChannelPool } from './ntlm/ntlm-channel.js';

export type EwsHttpAuth =
  | { kind: 'basic'; user: string; domain: string; password: string }
  | { kind: 'ntlm'; user: string; domain: string; password: string }
  | { kind: 'certificate' };

/** What went wrong on the wire during one connector operation. */
export interface ExchangeRecord {
  lastFailure?: { status: number; body: string; headers: Record<string, string | string[]> };
  transportError?: NodeJS.ErrnoException;
}

/** The library's XMLHttpRequest type (the DOM lib is not loaded in the agent). */
type XhrResult = Awaited<ReturnType<IXHRApi['xhr']>>;

export const exchangeContext = new AsyncLocalStorage<ExchangeRecord>();

/** The XMLHttpRequest-shaped answer ews-javascript-api reads (status, responseText, headers). */
function xhrLike(res: HttpResponse): XhrResult {
  const text = res.body.toString('utf8');
  const value = (name: string): string | null => {
    const v = res.headers[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  };
  return {
    status: res.status, statusText: res.statusText, responseText: text, response: text, headers: res.headers,
    getResponseHeader: value,
    getAllResponseHeaders: () => Object.keys(res.headers).map((k) => `${k}: ${value(k) ?? ''}`).join('\r\n'),
  } as unknown as XhrResult;
}

function basicHeader(auth: { user: string; domain: string; password: string }): string {
  const name = auth.domain && !auth.user.includes('\\') && !auth.user.includes('@') ? `${auth.domain}\\${auth.user}` : auth.user;
  return `Basic ${Buffer.from(`${name}:${auth.password}`, 'utf8').toString('base64')}`;
}

export interface ProfileXhrOptions {
  tls: ConnectorTlsOptions;
  auth: EwsHttpAuth;
  counter: RoundTripCounter;
  /** Parallel connections (NTLM channels / keep-alive sockets). */
  maxConnections?: number;
  timeoutMs?: number;
}

export class ProfileXhrApi implements IXHRApi {
  private readonly agent: https.Agent;
  private readonly ntlm: NtlmChannelPool | null;

  constructor(private readonly options: ProfileXhrOptions) {
    const max = options.maxConnections ?? 4;
    this.agent = createProfileAgent(options.tls, { maxSockets: max });
    this.ntlm = options.auth.kind === 'ntlm'
      ? new NtlmChannelPool(options.tls, { user: options.auth.user, domain: options.auth.domain, password: options.auth.password }, options.counter, max)
      : null;
  }

  get apiName(): string {
    return `mailbridge;auth:${this.options.auth.kind}`;
  }

  async xhr(xhroptions: IXHROptions): Promise<XhrResult> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((xhroptions.headers ?? {}) as Record<string, unknown>)) {
      // The library's own Authorization (Basic from its credentials) is never used: we authenticate.
      if (k.toLowerCase() !== 'authorization' && v !== undefined && v !== null) headers[k] = String(v);
    }
    if (this.options.auth.kind === 'basic') headers.Authorization = basicHeader(this.options.auth);
    const request: HttpRequest = {
      method: xhroptions.type ?? 'POST', url: xhroptions.url, headers,
      ...(xhroptions.data !== undefined && xhroptions.data !== null ? { body: String(xhroptions.data) } : {}),
      ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
    };
    const record = exchangeContext.getStore();
    let res: HttpResponse;
    try {
      res = this.ntlm ? await this.ntlm.send(request) : await sendHttpRequest(this.agent, request, this.options.counter);
    } catch (error) {
      if (record) record.transportError = error as NodeJS.ErrnoException;
      throw error;
    }
    const answer = xhrLike(res);
    if (res.status === 200) return answer;
    if (record) record.lastFailure = { status: res.status, body: res.body.toString('utf8'), headers: res.headers };
    // As @ewsjs/xhr does: a non-200 answer rejects, and the library reads the SOAP fault from it.
    throw answer;
  }

  xhrStream(_xhroptions: IXHROptions, _progress: (p: IXHRProgress) => void): Promise<XhrResult> {
    // Streaming notifications are not used: sync polls with SyncFolderItems (sync-semantics.md §1.9).
    return Promise.reject(new Error('mailbridge EWS transport: streaming notifications are not supported'));
  }

  disconnect(): void {
    this.agent.destroy();
    this.ntlm?.close();
  }
}
