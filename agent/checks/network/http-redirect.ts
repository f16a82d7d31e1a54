/**
 * http.redirect: plain HTTP on port 80 answers with a redirect to https:// (info/warn
 * only — the integration itself speaks HTTPS). Skipped when port 80 is closed, which
 * tcp.80 already reported. When port 80 answers only through the profile's proxy, the
 * request goes inside its CONNECT tunnel.
 */
import http from 'node:http';
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import type { NetworkTarget } from '../network-target.js';
import { STANDARD_PORTS } from '../network-target.js';
import { tcpCheckId } from '../../../src/checks/check-ids.js';
import type { TcpArtifact } from './tcp-port.js';
import type { Socket } from 'node:net';
import { raceSignal } from '../abortable.js';
import { isProxied, tunnelTo } from './proxy-path.js';

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

interface HttpAnswer {
  readonly status: number;
  readonly location: string | undefined;
  readonly server: string | undefined;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function getRoot(address: string, port: number, host: string, signal: AbortSignal, socket?: Socket): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    // Node uses createConnection only when no agent is given (agent: false would build one).
    const through = socket ? { createConnection: () => socket } : { agent: false as const };
    const request = http.get({ host: address, port, path: '/', headers: { host, 'user-agent': 'mailbridge-check' }, signal, ...through }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, location: response.headers.location, server: headerText(response.headers.server) });
    });
    request.once('error', reject);
  });
}

export function httpRedirectCheck(target: NetworkTarget): CheckDefinition {
  const portCheck = tcpCheckId(STANDARD_PORTS.http);
  return {
    id: 'http.redirect',
    title: 'HTTP → HTTPS redirect',
    dependsOn: [portCheck],
    async run(ctx, signal): Promise<CheckOutcome> {
      const { probe, tunnel } = ctx.dependency(portCheck).artifact as TcpArtifact;
      // Port 80 open only through the proxy (#7): the request goes inside its CONNECT tunnel.
      const proxied = isProxied(target) && probe.state !== 'open' && tunnel?.state === 'open' ? target : undefined;
      if (!proxied && (probe.state !== 'open' || !probe.openAddress)) {
        return { status: 'skip', summary: `not run: port ${STANDARD_PORTS.http} is closed`, details: { port: probe.port } };
      }
      const address = proxied ? target.host : probe.openAddress!;
      const where = { host: target.host, address, port: probe.port, ...(proxied ? { via: 'proxy', proxy: proxied.proxy } : {}) };
      try {
        const pending = proxied ? tunnelTo(proxied.proxyRoute, target.host, probe.port, Math.max(1, Math.floor(ctx.timeoutMs * 0.8))) : undefined;
        // A tunnel that opens after the check gave up is closed at once.
        if (pending) signal.addEventListener('abort', () => pending.then((late) => late.destroy(), () => undefined), { once: true });
        const socket = pending ? await raceSignal(pending, signal) : undefined;
        const answer = await getRoot(address, probe.port, target.host, signal, socket);
        const details = { ...where, status: answer.status, location: answer.location ?? null, server: answer.server ?? null };
        if (REDIRECT_STATUSES.has(answer.status) && answer.location?.toLowerCase().startsWith('https://')) {
          return { status: 'pass', summary: `HTTP ${answer.status} → ${answer.location}`, details };
        }
        const what = REDIRECT_STATUSES.has(answer.status) ? `HTTP ${answer.status} → ${answer.location ?? '(no Location)'}, not https://` : `HTTP ${answer.status}, no redirect`;
        return { status: 'warn', summary: what, details, diagnosis: diagnosisFor('MB_HTTP_NO_HTTPS_REDIRECT') };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'ECONNRESET';
        if (signal.aborted) throw error;
        return {
          status: 'warn',
          summary: `no HTTP answer on port ${probe.port}: ${code}`,
          details: { ...where, code, error: (error as Error).message },
          diagnosis: diagnosisFor('MB_HTTP_NO_HTTPS_REDIRECT'),
        };
      }
    },
  };
}
