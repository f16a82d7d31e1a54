/**
 * autodiscover: when a mailbox address is known, POST the POX Autodiscover request to the
 * candidate URLs in the documented order (autodiscover-candidates.ts) and report which
 * answered; the first that answers ends the search (as clients do), the rest are listed as
 * not tried. Over verified HTTPS only, with the sync account's credentials; the plain-HTTP
 * candidate is asked for a redirect only and never sent credentials.
 */
import http from 'node:http';
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import { raceSignal } from '../abortable.js';
import type { AuthArtifact } from './auth-credentials.js';
import { autodiscoverCandidates, AUTODISCOVER_PATH, type AutodiscoverCandidate } from './autodiscover-candidates.js';
import type { ExchangeCredentials } from './exchange-credentials.js';
import { ExchangeSession, type ExchangeEndpoint } from './exchange-http.js';
import { endpointFrom, type ExchangeCheckTarget } from './exchange-target.js';

const REQUEST_NS = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006';
const RESPONSE_SCHEMA = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';

function poxRequest(address: string): string {
  const safe = address.replace(/[<>&"]/g, '');
  return `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="${REQUEST_NS}"><Request><EMailAddress>${safe}</EMailAddress>`
    + `<AcceptableResponseSchema>${RESPONSE_SCHEMA}</AcceptableResponseSchema></Request></Autodiscover>`;
}

function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`).exec(xml)?.[1]?.trim();
}

type Attempt =
  | { candidate: AutodiscoverCandidate; result: 'settings'; status: number; ewsUrl: string | null }
  | { candidate: AutodiscoverCandidate; result: 'error'; status: number; errorCode: string; message: string }
  | { candidate: AutodiscoverCandidate; result: 'redirect'; status: number; location: string }
  | { candidate: AutodiscoverCandidate; result: 'no answer'; status?: number; code: string };

async function tryHttps(candidate: AutodiscoverCandidate, address: string, endpoint: ExchangeEndpoint, credentials: ExchangeCredentials, signal: AbortSignal): Promise<Attempt> {
  const session = new ExchangeSession({ host: candidate.host, port: candidate.port, ca: endpoint.ca, proxy: endpoint.proxy }, credentials);
  try {
    const answer = await session.authenticated({ method: 'POST', path: AUTODISCOVER_PATH, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: poxRequest(address) }, signal);
    if (!answer.ok) return { candidate, result: 'no answer', code: answer.code };
    const status = answer.evidence.status;
    const xml = answer.response.body.toString('utf8');
    if (status !== 200 || !xml.includes('<Autodiscover')) return { candidate, result: 'no answer', status, code: `HTTP_${status}` };
    const errorCode = tag(xml, 'ErrorCode');
    if (errorCode) return { candidate, result: 'error', status, errorCode, message: tag(xml, 'Message') ?? '' };
    return { candidate, result: 'settings', status, ewsUrl: tag(xml, 'EwsUrl') ?? null };
  } finally {
    session.close();
  }
}

function tryRedirect(candidate: AutodiscoverCandidate, signal: AbortSignal): Promise<Attempt> {
  const asked = new Promise<Attempt>((resolve) => {
    const req = http.get({ host: candidate.host, port: candidate.port, path: AUTODISCOVER_PATH, agent: false, signal }, (res) => {
      res.resume();
      const location = res.headers.location;
      const status = res.statusCode ?? 0;
      if ([301, 302, 307].includes(status) && location?.startsWith('https://')) resolve({ candidate, result: 'redirect', status, location });
      else resolve({ candidate, result: 'no answer', status, code: `HTTP_${status}` });
    });
    req.once('error', (error: NodeJS.ErrnoException) => resolve({ candidate, result: 'no answer', code: error.code ?? 'ECONNRESET' }));
  });
  return raceSignal(asked, signal);
}

function describe(a: Attempt): Record<string, unknown> {
  const base = { method: a.candidate.method, url: a.candidate.url, result: a.result, ...(a.status !== undefined ? { status: a.status } : {}) };
  if (a.result === 'settings') return { ...base, ewsUrl: a.ewsUrl };
  if (a.result === 'error') return { ...base, errorCode: a.errorCode, message: a.message };
  if (a.result === 'redirect') return { ...base, location: a.location };
  return { ...base, code: a.code };
}

export function autodiscoverCheck(target: ExchangeCheckTarget): CheckDefinition {
  return {
    id: 'autodiscover',
    title: 'Autodiscover',
    dependsOn: ['tls.handshake', 'auth.credentials'],
    async run(ctx, signal): Promise<CheckOutcome> {
      const address = target.mailboxes[0];
      if (!address) return { status: 'skip', summary: 'not run: no mailbox address is known', details: {} };
      const { credentials } = ctx.dependency('auth.credentials').artifact as AuthArtifact;
      const endpoint = endpointFrom(ctx);
      const candidates = autodiscoverCandidates(address, { host: target.host, httpsPort: endpoint.port });
      const attempts: Attempt[] = [];
      for (const candidate of candidates) {
        const attempt = candidate.secure ? await tryHttps(candidate, address, endpoint, credentials, signal) : await tryRedirect(candidate, signal);
        attempts.push(attempt);
        if (attempt.result !== 'no answer') break;
      }
      const notTried = candidates.slice(attempts.length).map((c) => ({ method: c.method, url: c.url, result: 'not tried (an earlier candidate answered)' }));
      const details = { address, candidates: [...attempts.map(describe), ...notTried] };
      const answered = attempts.find((a) => a.result !== 'no answer');
      if (!answered) {
        return { status: 'fail', summary: `no Autodiscover candidate answered for ${address} (${attempts.length} tried)`, details, diagnosis: diagnosisFor('ErrorAutoDiscoverFailed') };
      }
      if (answered.result === 'error') {
        const code = /can't be found|cannot be found/i.test(answered.message) ? 'ErrorNonExistentMailbox' : 'ErrorAutoDiscoverFailed';
        return {
          status: 'fail',
          summary: `${answered.candidate.method} answered error ${answered.errorCode} for ${address}: ${answered.message}`,
          details,
          diagnosis: diagnosisFor(code, `Autodiscover at ${answered.candidate.url} answered error ${answered.errorCode} ("${answered.message}") for ${address}.`),
        };
      }
      if (answered.result === 'redirect') {
        return { status: 'pass', summary: `${answered.candidate.method} answered: redirect to ${answered.location}`, details };
      }
      return { status: 'pass', summary: `${answered.candidate.method} answered for ${address}${answered.ewsUrl ? `; EwsUrl ${answered.ewsUrl}` : ''}`, details };
    },
  };
}
