/**
 * HTTPS to the Exchange server for the checks that speak HTTP (ews/owa/eas endpoints,
 * autodiscover, auth.*): always a verified TLS connection with the run's trust anchors
 * (there is no switch to skip validation), carried by the EWS connector's own transport
 * (sendHttpRequest, NtlmChannel) so a check sees exactly what the sync would. Every answer
 * is turned into evidence: status, the offered WWW-Authenticate schemes, Server, the
 * request ids Microsoft support asks for, and the server's Date for the clock-skew finding.
 */
import type https from 'node:https';
import { performance } from 'node:perf_hooks';
import { sendHttpRequest, type HttpRequest, type HttpResponse } from '../../connectors/transport/https-request.js';
import { RoundTripCounter } from '../../connectors/transport/round-trip-counter.js';
import { NtlmChannel } from '../../connectors/ews/ntlm/ntlm-channel.js';
import { createProfileAgent } from '../../connectors/transport/profile-agent.js';
import type { ConnectorTlsOptions } from '../../connectors/transport/profile-trust.js';
import type { ProxySource } from '../../connectors/transport/proxy-route.js';
import { raceSignal } from '../abortable.js';
import type { ExchangeCredentials } from './exchange-credentials.js';

/**
 * The User-Agent the EWS connector sends: none. ews-javascript-api leaves the header out
 * (its own line is commented out) and the connector's transport adds none, so the probes
 * send none either — a server that blocks clients by User-Agent treats both alike.
 */
export const CONNECTOR_USER_AGENT: string | undefined = undefined;

/** Where the HTTP checks connect: the host name (for SNI and Host) and the HTTPS port tls.handshake used. */
export interface ExchangeEndpoint {
  readonly host: string;
  readonly port: number;
  /** The `ca` option (system store plus the CA file), undefined for Node's default store. */
  readonly ca: string[] | undefined;
  /** The profile's outbound proxy (issue #7): the HTTP checks go the way the sync goes. */
  readonly proxy?: ProxySource | undefined;
}

export function originOf(endpoint: Pick<ExchangeEndpoint, 'host' | 'port'>): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `https://${host}${endpoint.port === 443 ? '' : `:${endpoint.port}`}`;
}

export interface HttpEvidence {
  readonly url: string;
  readonly method: string;
  readonly status: number;
  /** The schemes of WWW-Authenticate, without challenge data (Negotiate, NTLM, Basic…). */
  readonly authSchemes: string[];
  readonly server: string | null;
  readonly requestId: string | null;
  readonly clientRequestId: string | null;
  readonly date: string | null;
  readonly elapsedMs: number;
}

export type ExchangeAnswer = { ok: true; evidence: HttpEvidence; response: HttpResponse } | { ok: false; code: string; message: string; url: string };

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** `Negotiate, NTLM, Basic realm="x"` in one or several headers → [Negotiate, NTLM, Basic]. */
export function authSchemesOf(headers: Record<string, string | string[]>): string[] {
  // A comma separates challenges and also auth-params; a part whose first word has no '=' starts a challenge.
  const schemes = list(headers['www-authenticate']).flatMap((h) => h.split(',')).map((part) => part.trim().split(/\s+/)[0] ?? '').filter((word) => word !== '' && !word.includes('='));
  return [...new Set(schemes)];
}

function first(headers: Record<string, string | string[]>, name: string): string | null {
  return list(headers[name])[0] ?? null;
}

export function evidenceOf(request: HttpRequest, response: HttpResponse, elapsedMs: number): HttpEvidence {
  const h = response.headers;
  return {
    url: request.url,
    method: request.method,
    status: response.status,
    authSchemes: authSchemesOf(h),
    server: first(h, 'server'),
    requestId: first(h, 'request-id') ?? first(h, 'x-requestid') ?? first(h, 'x-ms-request-id'),
    clientRequestId: first(h, 'client-request-id'),
    date: first(h, 'date'),
    elapsedMs: Math.round(elapsedMs),
  };
}

function basicHeader(user: string, domain: string, password: string): string {
  const name = domain && !user.includes('\\') && !user.includes('@') ? `${domain}\\${user}` : user;
  return `Basic ${Buffer.from(`${name}:${password}`, 'utf8').toString('base64')}`;
}

/**
 * One session with the server: a keep-alive agent for anonymous requests and, when
 * credentials are given, the authenticating sender (Basic header, an NTLM channel, or the
 * client certificate on the TLS connection, MEM-4). Close it when the check is done.
 */
export class ExchangeSession {
  #transport: Promise<{ agent: https.Agent; ntlm: NtlmChannel | undefined }> | undefined;
  #built: { agent: https.Agent; ntlm: NtlmChannel | undefined } | undefined;
  readonly #counter = new RoundTripCounter();

  constructor(readonly endpoint: ExchangeEndpoint, readonly credentials?: ExchangeCredentials) {}

  /** The agent and NTLM channel, made on first use: the proxy route may need its secret read first. */
  #ready(): Promise<{ agent: https.Agent; ntlm: NtlmChannel | undefined }> {
    this.#transport ??= (async () => {
      const credentials = this.credentials;
      const clientCert = credentials?.kind === 'certificate' ? { cert: credentials.certificatePem, key: credentials.privateKeyPem } : {};
      const proxy = await this.endpoint.proxy?.();
      const tls: ConnectorTlsOptions = { ...(this.endpoint.ca ? { ca: this.endpoint.ca } : {}), ...clientCert, ...(proxy ? { proxy } : {}) };
      const built = {
        agent: createProfileAgent(tls, { maxSockets: 2 }),
        ntlm: credentials?.kind === 'password' && credentials.authMethod === 'ntlm'
          ? new NtlmChannel(tls, { user: credentials.user, domain: credentials.domain, password: credentials.password }, this.#counter)
          : undefined,
      };
      this.#built = built;
      return built;
    })();
    return this.#transport;
  }

  get origin(): string {
    return originOf(this.endpoint);
  }

  /** Sends without credentials (the endpoint probes). */
  anonymous(request: Omit<HttpRequest, 'url'> & { path: string }, signal: AbortSignal): Promise<ExchangeAnswer> {
    return this.#send(request, false, signal);
  }

  /** Sends with the session's credentials (Basic, NTLM or the client certificate). */
  authenticated(request: Omit<HttpRequest, 'url'> & { path: string }, signal: AbortSignal): Promise<ExchangeAnswer> {
    return this.#send(request, true, signal);
  }

  async #send(request: Omit<HttpRequest, 'url'> & { path: string }, withCredentials: boolean, signal: AbortSignal): Promise<ExchangeAnswer> {
    const url = `${this.origin}${request.path}`;
    const headers: Record<string, string> = { ...request.headers, ...(CONNECTOR_USER_AGENT ? { 'User-Agent': CONNECTOR_USER_AGENT } : {}) };
    const creds = withCredentials ? this.credentials : undefined;
    if (creds?.kind === 'password' && creds.authMethod === 'basic') headers.Authorization = basicHeader(creds.user, creds.domain, creds.password);
    const full: HttpRequest = { method: request.method, url, headers, ...(request.body !== undefined ? { body: request.body } : {}), ...(request.timeoutMs ? { timeoutMs: request.timeoutMs } : {}) };
    const started = performance.now();
    try {
      const { agent, ntlm } = await raceSignal(this.#ready(), signal);
      const sending = creds && ntlm ? ntlm.send(full) : sendHttpRequest(agent, full, this.#counter);
      const response = await raceSignal(sending, signal);
      return { ok: true, evidence: evidenceOf(full, response, performance.now() - started), response };
    } catch (error) {
      if (signal.aborted) throw error;
      const e = error as NodeJS.ErrnoException;
      return { ok: false, code: e.code ?? 'ECONNRESET', message: e.message, url };
    }
  }

  close(): void {
    this.#built?.agent.destroy();
    this.#built?.ntlm?.close();
  }
}
