/**
 * auth.credentials: the sync account reaches its own mailbox — GetFolder(inbox) over EWS
 * with the profile's method (NTLM or Basic, EX-5; a client certificate, MEM-4). Runs only
 * after ews.endpoint and every tls.* check passed, so credentials never go to a server
 * whose certificate failed. A 401 is read together with the schemes the server offers:
 * Basic not offered, NTLM not offered, and a refused logon (wrong password or a locked
 * account — the same 401 on the wire) are told apart; Basic against Exchange Online warns.
 */
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import { describeCredentials, type ExchangeCredentials } from './exchange-credentials.js';
import { ExchangeSession, type HttpEvidence } from './exchange-http.js';
import { endpointFrom, isExchangeOnlineHost, TLS_GATE, type ExchangeCheckTarget } from './exchange-target.js';
import { getInboxRequest, readSoapOutcome, soapHeaders } from './ews-soap.js';
import { httpStatusCode } from './http-status-codes.js';

/** Handed to auth.impersonation, eas.endpoint and autodiscover (in-process only, never reported). */
export interface AuthArtifact {
  readonly credentials: ExchangeCredentials;
}

const WINDOWS_SCHEMES = ['NTLM', 'Negotiate'];

/** Why a 401 came back, from the method used and the schemes the server offers. */
function refusal(credentials: ExchangeCredentials, evidence: HttpEvidence): { code: string; summary: string } {
  const offered = evidence.authSchemes;
  const offeredText = offered.length ? offered.join(', ') : 'no scheme';
  const who = describeCredentials(credentials).account;
  if (credentials.kind === 'password' && credentials.authMethod === 'basic') {
    if (!offered.includes('Basic')) return { code: 'MB_AUTH_NTLM_REQUIRED', summary: `Basic is not offered (the server offers ${offeredText}): set the profile to NTLM` };
    return { code: 'MB_AUTH_BASIC_REJECTED', summary: `${who} refused over Basic: wrong password, or the account is locked or disabled` };
  }
  if (credentials.kind === 'password' && !offered.some((s) => WINDOWS_SCHEMES.includes(s))) {
    return { code: 'MB_AUTH_NO_METHODS', summary: `NTLM is not offered (the server offers ${offeredText})` };
  }
  if (credentials.kind === 'certificate') return { code: 'MB_AUTH_LOGON_REJECTED', summary: `the client certificate was not accepted as a logon (401, offers ${offeredText})` };
  return { code: 'MB_AUTH_LOGON_REJECTED', summary: `${who} refused after a complete NTLM exchange: wrong password, or the account is locked out or disabled` };
}

export function authCredentialsCheck(target: ExchangeCheckTarget): CheckDefinition {
  return {
    id: 'auth.credentials',
    title: 'Sync account logon',
    dependsOn: [...TLS_GATE, 'ews.endpoint'],
    async run(ctx, signal): Promise<CheckOutcome> {
      const loaded = await target.credentials();
      if (!loaded.ok) return { status: 'skip', summary: `not run: ${loaded.reason}`, details: { reason: loaded.reason } };
      const { credentials } = loaded;
      const session = new ExchangeSession(endpointFrom(ctx), credentials);
      const who = describeCredentials(credentials);
      try {
        const answer = await session.authenticated({ method: 'POST', path: target.ewsPath, headers: soapHeaders(), body: getInboxRequest() }, signal);
        if (!answer.ok) return { status: 'fail', summary: `no answer to the logon: ${answer.code}`, details: { ...who, url: answer.url, code: answer.code, error: answer.message }, diagnosis: diagnosisFor(answer.code) };
        const { evidence, response } = answer;
        const details = { ...who, ...evidence };
        if (evidence.status === 401) {
          const r = refusal(credentials, evidence);
          return { status: 'fail', summary: r.summary, details, diagnosis: diagnosisFor(r.code) };
        }
        if (evidence.status === 403) {
          return { status: 'fail', summary: `${who.account} authenticated, then HTTP 403: EWS is disabled for this account or client`, details, diagnosis: diagnosisFor('MB_EWS_DISABLED') };
        }
        if (evidence.status !== 200 && evidence.status !== 500) {
          return { status: 'fail', summary: `HTTP ${evidence.status} to the logon`, details, diagnosis: diagnosisFor(httpStatusCode(evidence.status)) };
        }
        const outcome = readSoapOutcome(response.body.toString('utf8'));
        if (outcome.kind === 'unreadable') {
          return { status: 'fail', summary: `HTTP ${evidence.status} without an EWS answer`, details, diagnosis: diagnosisFor(httpStatusCode(evidence.status)) };
        }
        const withVersion = { ...details, serverVersion: outcome.serverVersion };
        if (outcome.kind === 'error') {
          return { status: 'fail', summary: `${who.account} logged on, but its own inbox answered ${outcome.code}`, details: { ...withVersion, responseCode: outcome.code, message: outcome.message }, diagnosis: diagnosisFor(outcome.code) };
        }
        const artifact: AuthArtifact = { credentials };
        if (credentials.kind === 'password' && credentials.authMethod === 'basic' && isExchangeOnlineHost(target.host)) {
          return { status: 'warn', summary: `${who.account} logged on with Basic, which Exchange Online has retired (EX-5)`, details: withVersion, artifact, diagnosis: diagnosisFor('MB_EXO_BASIC_AUTH_RETIRED') };
        }
        return { status: 'pass', summary: `${who.account} reached its own inbox (${who.authMethod})`, details: withVersion, artifact };
      } finally {
        session.close();
      }
    },
  };
}
