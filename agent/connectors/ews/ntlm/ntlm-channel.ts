/**
 * NTLM over HTTP: NTLM authenticates a TCP connection, so each channel owns one
 * keep-alive socket (an https.Agent with maxSockets 1 carrying the profile's TLS trust).
 * The type-1 → type-2 → type-3 handshake runs on that socket; later requests on the same
 * socket need no new handshake. When the socket was closed (idle time-out, server restart)
 * or the server answers 401, the channel shakes hands again, once.
 *
 * A pool of channels gives concurrency: one request per channel at a time.
 */
import type https from 'node:https';
import type { Socket } from 'node:net';
import { sendHttpRequest, type HttpRequest, type HttpResponse } from '../../transport/https-request.js';
import type { ConnectorTlsOptions } from '../../transport/profile-trust.js';
import { createProfileAgent } from '../../transport/profile-agent.js';
import type { RoundTripCounter } from '../../transport/round-trip-counter.js';
import { authenticateMessage, challengeToken, negotiateMessage, parseChallenge, type NtlmIdentity } from './ntlm-client-messages.js';

export class NtlmChannel {
  private readonly agent: https.Agent;
  private authenticated: Socket | null = null;

  constructor(tls: ConnectorTlsOptions, private readonly identity: NtlmIdentity, private readonly counter: RoundTripCounter) {
    // Through a proxy (issue #7) the socket is the TLS socket inside one CONNECT tunnel, reused alike.
    this.agent = createProfileAgent(tls, { maxSockets: 1, maxFreeSockets: 1 });
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    if (this.authenticated && !this.authenticated.destroyed) {
      const res = await sendHttpRequest(this.agent, request, this.counter);
      if (res.status !== 401) return res;
      this.authenticated = null;
    }
    return this.handshake(request);
  }

  private async handshake(request: HttpRequest): Promise<HttpResponse> {
    const negotiate = await sendHttpRequest(this.agent, {
      method: request.method, url: request.url, headers: { ...request.headers, Authorization: negotiateMessage(), Connection: 'keep-alive' },
      ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}),
    }, this.counter);
    if (negotiate.status !== 401) return negotiate;
    const token = challengeToken(negotiate.headers['www-authenticate']);
    // No NTLM challenge: the server does not offer NTLM (or refuses the account); the 401 stands.
    if (!token) return negotiate;
    const answer = authenticateMessage(parseChallenge(token), this.identity);
    const res = await sendHttpRequest(this.agent, { ...request, headers: { ...request.headers, Authorization: answer, Connection: 'keep-alive' } }, this.counter);
    if (res.status !== 401 && res.socket && res.socket === negotiate.socket) this.authenticated = res.socket;
    return res;
  }

  close(): void {
    this.agent.destroy();
    this.authenticated = null;
  }
}

export class NtlmChannelPool {
  private readonly all: NtlmChannel[] = [];
  private readonly idle: NtlmChannel[] = [];
  private readonly waiting: Array<(c: NtlmChannel) => void> = [];

  constructor(
    private readonly tls: ConnectorTlsOptions,
    private readonly identity: NtlmIdentity,
    private readonly counter: RoundTripCounter,
    private readonly maxChannels: number,
  ) {}

  async send(request: HttpRequest): Promise<HttpResponse> {
    const channel = await this.acquire();
    try {
      return await channel.send(request);
    } finally {
      this.release(channel);
    }
  }

  private acquire(): Promise<NtlmChannel> {
    const free = this.idle.pop();
    if (free) return Promise.resolve(free);
    if (this.all.length < this.maxChannels) {
      const c = new NtlmChannel(this.tls, this.identity, this.counter);
      this.all.push(c);
      return Promise.resolve(c);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(channel: NtlmChannel): void {
    const next = this.waiting.shift();
    if (next) next(channel);
    else this.idle.push(channel);
  }

  close(): void {
    for (const c of this.all) c.close();
    this.all.length = 0;
    this.idle.length = 0;
  }
}
