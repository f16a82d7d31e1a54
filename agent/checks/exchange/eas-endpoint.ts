/**
 * eas.endpoint (INT-1): device mail profiles point at Exchange ActiveSync; the endpoint
 * must answer an authenticated OPTIONS with MS-ASProtocolVersions (what Test-
 * ActiveSyncConnectivity -LightMode does). Sent with the sync account, after
 * auth.credentials proved it logs on, so a 401 here is not mistaken for a wrong password.
 */
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import type { AuthArtifact } from './auth-credentials.js';
import { ExchangeSession } from './exchange-http.js';
import { endpointFrom } from './exchange-target.js';
import { httpStatusCode } from './http-status-codes.js';

const EAS_PATH = '/Microsoft-Server-ActiveSync';

function headerText(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(',') : value;
}

export const easEndpointCheck: CheckDefinition = {
  id: 'eas.endpoint',
  title: 'ActiveSync endpoint (INT-1)',
  dependsOn: ['tls.handshake', 'auth.credentials'],
  async run(ctx, signal): Promise<CheckOutcome> {
    const { credentials } = ctx.dependency('auth.credentials').artifact as AuthArtifact;
    const session = new ExchangeSession(endpointFrom(ctx), credentials);
    try {
      const answer = await session.authenticated({ method: 'OPTIONS', path: EAS_PATH, headers: {} }, signal);
      if (!answer.ok) return { status: 'fail', summary: `no HTTP answer from ${answer.url}: ${answer.code}`, details: { url: answer.url, code: answer.code }, diagnosis: diagnosisFor(answer.code) };
      const { evidence, response } = answer;
      const versions = headerText(response.headers['ms-asprotocolversions']);
      const details = { ...evidence, protocolVersions: versions ? versions.split(',').map((v) => v.trim()) : [] };
      if (evidence.status === 200 && versions) {
        return { status: 'pass', summary: `ActiveSync answers OPTIONS; versions ${versions}`, details };
      }
      if (evidence.status === 200 || evidence.status === 403 || evidence.status === 404) {
        const why = evidence.status === 200 ? 'HTTP 200 without MS-ASProtocolVersions' : `HTTP ${evidence.status}: ActiveSync is disabled or not published`;
        return { status: 'fail', summary: why, details, diagnosis: diagnosisFor('MB_EAS_NOT_ADVERTISED') };
      }
      return { status: 'fail', summary: `HTTP ${evidence.status} to OPTIONS ${EAS_PATH}`, details, diagnosis: diagnosisFor(httpStatusCode(evidence.status)) };
    } finally {
      session.close();
    }
  },
};
