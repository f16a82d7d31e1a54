/**
 * auth.impersonation (EX-10): when the sync account acts for every mailbox, it must be
 * able to impersonate each enabled staff mailbox. Tries GetFolder(inbox) as each of them
 * (a sample of N for long lists, reported as such), the way the connector sends it
 * (ExchangeImpersonation header plus X-AnchorMailbox). ErrorImpersonateUserDenied names
 * the mailboxes refused; the knowledge base names the missing role and how to grant it.
 */
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import type { AuthArtifact } from './auth-credentials.js';
import { describeCredentials } from './exchange-credentials.js';
import { ExchangeSession } from './exchange-http.js';
import { DEFAULT_IMPERSONATION_SAMPLE, endpointFrom, type ExchangeCheckTarget } from './exchange-target.js';
import { getInboxRequest, readSoapOutcome, soapHeaders } from './ews-soap.js';

interface MailboxResult {
  readonly mailbox: string;
  readonly code: string;
  readonly status?: number;
}

export function authImpersonationCheck(target: ExchangeCheckTarget): CheckDefinition {
  return {
    id: 'auth.impersonation',
    title: 'Impersonation (EX-10)',
    dependsOn: ['tls.handshake', 'auth.credentials'],
    async run(ctx, signal): Promise<CheckOutcome> {
      if (target.mode !== 'impersonation') {
        return { status: 'skip', summary: 'not run: each user syncs with their own credentials (EX-10 perUser)', details: { mode: target.mode } };
      }
      if (target.mailboxes.length === 0) return { status: 'skip', summary: 'not run: no staff mailbox is enabled', details: { mailboxes: 0 } };
      const { credentials } = ctx.dependency('auth.credentials').artifact as AuthArtifact;
      const sampleSize = target.impersonationSample ?? DEFAULT_IMPERSONATION_SAMPLE;
      const sample = target.mailboxes.slice(0, sampleSize);
      const session = new ExchangeSession(endpointFrom(ctx), credentials);
      const results: MailboxResult[] = [];
      try {
        // One NTLM channel, so one request at a time; the sample keeps this short.
        for (const mailbox of sample) {
          const answer = await session.authenticated({ method: 'POST', path: target.ewsPath, headers: soapHeaders(mailbox), body: getInboxRequest(mailbox) }, signal);
          if (!answer.ok) { results.push({ mailbox, code: answer.code }); continue; }
          const outcome = readSoapOutcome(answer.response.body.toString('utf8'));
          const code = outcome.kind === 'ok' ? 'NoError' : outcome.kind === 'error' ? outcome.code : `HTTP_${answer.evidence.status}`;
          results.push({ mailbox, code, status: answer.evidence.status });
        }
      } finally {
        session.close();
      }
      const who = describeCredentials(credentials).account;
      const failed = results.filter((r) => r.code !== 'NoError');
      const details = {
        account: who, tested: results.length, enabled: target.mailboxes.length, sampled: target.mailboxes.length > sample.length,
        results: results.map((r) => ({ mailbox: r.mailbox, responseCode: r.code })),
      };
      const of = target.mailboxes.length > sample.length ? `a sample of ${sample.length} of ${target.mailboxes.length}` : `${sample.length}`;
      const firstFailure = failed[0];
      if (!firstFailure) return { status: 'pass', summary: `${who} impersonates ${of} enabled mailbox${sample.length === 1 ? '' : 'es'}`, details };
      const sameCode = failed.filter((r) => r.code === firstFailure.code).map((r) => r.mailbox);
      const cause = firstFailure.code === 'ErrorImpersonateUserDenied'
        ? `${who} may not impersonate ${sameCode.join(', ')}: it lacks the ApplicationImpersonation role, or the role's management scope excludes ${sameCode.length === 1 ? 'this mailbox' : 'these mailboxes'}.`
        : undefined;
      return {
        status: 'fail',
        summary: `${failed.length} of ${results.length} mailboxes refused: ${firstFailure.code} (${sameCode.slice(0, 2).join(', ')}${sameCode.length > 2 ? ', …' : ''})`,
        details,
        diagnosis: diagnosisFor(firstFailure.code, cause),
      };
    },
  };
}
