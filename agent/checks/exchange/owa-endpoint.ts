/**
 * owa.endpoint (EX-1: Outlook on the web must be enabled): an anonymous GET of /owa/.
 * Exchange answers with a redirect to its forms-based sign-in page (or 200 / 401 when
 * another authentication is configured); 404 or 403 means OWA is disabled.
 */
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import { ExchangeSession } from './exchange-http.js';
import { endpointFrom, TLS_GATE } from './exchange-target.js';
import { httpStatusCode } from './http-status-codes.js';

const OWA_PATH = '/owa/';
const ANSWERS_OWA: ReadonlySet<number> = new Set([200, 301, 302, 401, 440]);

export const owaEndpointCheck: CheckDefinition = {
  id: 'owa.endpoint',
  title: 'OWA endpoint (EX-1)',
  dependsOn: TLS_GATE,
  async run(ctx, signal): Promise<CheckOutcome> {
    const session = new ExchangeSession(endpointFrom(ctx));
    try {
      const answer = await session.anonymous({ method: 'GET', path: OWA_PATH, headers: {} }, signal);
      if (!answer.ok) return { status: 'fail', summary: `no HTTP answer from ${answer.url}: ${answer.code}`, details: { url: answer.url, code: answer.code }, diagnosis: diagnosisFor(answer.code) };
      const { evidence, response } = answer;
      const location = typeof response.headers.location === 'string' ? response.headers.location : null;
      const details = { ...evidence, location };
      if (evidence.status === 404 || evidence.status === 403) {
        return { status: 'fail', summary: `HTTP ${evidence.status} at ${OWA_PATH}: Outlook on the web is not enabled`, details, diagnosis: diagnosisFor('MB_OWA_DISABLED') };
      }
      if (!ANSWERS_OWA.has(evidence.status)) {
        return { status: 'fail', summary: `HTTP ${evidence.status} at ${OWA_PATH}`, details, diagnosis: diagnosisFor(httpStatusCode(evidence.status)) };
      }
      const how = location ? `HTTP ${evidence.status} → ${new URL(location, session.origin).pathname}` : `HTTP ${evidence.status}`;
      return { status: 'pass', summary: `Outlook on the web answers (${how})`, details };
    } finally {
      session.close();
    }
  },
};
