/**
 * ews.endpoint: an anonymous GET of the EWS URL (the profile's virtual directory, default
 * /EWS/Exchange.asmx) with the connector's User-Agent. Exchange answers 401 and names the
 * authentication schemes it offers, which is a pass with the schemes as evidence; 404 means
 * a wrong virtual directory, 403 EWS disabled or blocked (per organisation, mailbox or
 * client), a 2xx without authentication an anonymous EWS (never right). The server's Date
 * is compared with the agent's clock here, on the first answer of the run.
 */
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import { clockSkew } from './clock-skew.js';
import { ExchangeSession } from './exchange-http.js';
import { endpointFrom, TLS_GATE, type ExchangeCheckTarget } from './exchange-target.js';
import { httpStatusCode } from './http-status-codes.js';

/** What each unexpected status means here, in the check's own words. */
const STATUS_FINDINGS: Readonly<Record<number, { code: string; summary: (path: string) => string }>> = {
  404: { code: 'HTTP_404', summary: (p) => `HTTP 404 at ${p}: wrong virtual directory, or EWS is not published here` },
  403: { code: 'MB_EWS_DISABLED', summary: (p) => `HTTP 403 at ${p}: EWS is disabled or blocked for this client` },
};

export function ewsEndpointCheck(target: ExchangeCheckTarget): CheckDefinition {
  return {
    id: 'ews.endpoint',
    title: 'EWS endpoint',
    dependsOn: TLS_GATE,
    async run(ctx, signal): Promise<CheckOutcome> {
      const session = new ExchangeSession(endpointFrom(ctx));
      try {
        const answer = await session.anonymous({ method: 'GET', path: target.ewsPath, headers: {} }, signal);
        if (!answer.ok) {
          return { status: 'fail', summary: `no HTTP answer from ${answer.url}: ${answer.code}`, details: { url: answer.url, code: answer.code, error: answer.message }, diagnosis: diagnosisFor(answer.code) };
        }
        const { evidence } = answer;
        const skew = clockSkew(evidence.date, ctx.now(), evidence.elapsedMs);
        const details = { ...evidence, ...(skew ? { clock: skew } : {}) };
        const finding = STATUS_FINDINGS[evidence.status];
        if (finding) return { status: 'fail', summary: finding.summary(target.ewsPath), details, diagnosis: diagnosisFor(finding.code) };
        if (evidence.status >= 200 && evidence.status < 300) {
          return { status: 'warn', summary: `HTTP ${evidence.status} without authentication: EWS answers anonymously`, details, diagnosis: diagnosisFor('MB_ANONYMOUS_EWS') };
        }
        if (evidence.status !== 401) {
          return { status: 'fail', summary: `HTTP ${evidence.status} at ${target.ewsPath}`, details, diagnosis: diagnosisFor(httpStatusCode(evidence.status)) };
        }
        const offered = evidence.authSchemes.length > 0 ? evidence.authSchemes.join(', ') : 'no scheme';
        if (skew?.tooLarge) {
          return { status: 'warn', summary: `EWS answers (401, offers ${offered}); the agent's clock is ${skew.skewSeconds} s off the server's`, details, diagnosis: diagnosisFor('MB_CLOCK_SKEW') };
        }
        return { status: 'pass', summary: `EWS answers at ${target.ewsPath} (401, offers ${offered})`, details };
      } finally {
        session.close();
      }
    },
  };
}
