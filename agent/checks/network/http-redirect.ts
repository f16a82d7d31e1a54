/**
 * http.redirect: plain HTTP on port 80 answers with a redirect to https:// (info/warn
 * only — the integration itself speaks HTTPS). Skipped when port 80 is closed, which
 * tcp.80 already reported.
 */
import http from 'node:http';
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import type { NetworkTarget } from '../network-target.js';
import { STANDARD_PORTS } from '../network-target.js';
import { tcpCheckId } from '../../../src/checks/check-ids.js';
import type { TcpArtifact } from './tcp-port.js';

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

interface HttpAnswer {
  readonly status: number;
  readonly location: string | undefined;
  readonly server: string | undefined;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function getRoot(address: string, port: number, host: string, signal: AbortSignal): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: address, port, path: '/', headers: { host, 'user-agent': 'mailbridge-check' }, signal, agent: false }, (response) => {
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
      const { probe } = ctx.dependency(portCheck).artifact as TcpArtifact;
      if (probe.state !== 'open' || !probe.openAddress) {
        return { status: 'skip', summary: `not run: port ${STANDARD_PORTS.http} is closed`, details: { port: probe.port } };
      }
      const where = { host: target.host, address: probe.openAddress, port: probe.port };
      try {
        const answer = await getRoot(probe.openAddress, probe.port, target.host, signal);
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
