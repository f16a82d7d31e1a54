/**
 * graph.mailbox: each enabled staff mailbox and each shared mailbox (O365-4) is reachable
 * through Graph with the app's token — GET /users/{address}/mailFolders/inbox. The answers
 * are told apart: an application access policy (403 ErrorAccessDenied "Access to OData is
 * disabled" / AccessPolicy), a mailbox not enabled for REST (on-premises, inactive,
 * unlicensed), no such user, missing consent. request-id and client-request-id of each
 * refused request are kept for Microsoft support.
 */
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import { OnlineSession } from './online-http.js';
import type { TokenArtifact } from './entra-token.js';
import type { OnlineCheckTarget } from './online-target.js';

const PARALLEL = 4;

interface MailboxAnswer {
  readonly address: string;
  readonly role: 'staff' | 'shared';
  readonly code: string;
  readonly status?: number;
  readonly message?: string;
  readonly requestId?: string | null;
  readonly clientRequestId?: string;
}

/** Graph's error code, refined where one code covers two causes (access policy vs missing consent). */
export function graphErrorCode(status: number, body: Record<string, unknown> | undefined): { code: string; message: string } {
  const error = body?.error as { code?: unknown; message?: unknown } | undefined;
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${status}`;
  const message = typeof error?.message === 'string' ? error.message : '';
  if (code === 'ErrorAccessDenied' && /Access to OData is disabled|AccessPolicy/i.test(message)) return { code: 'MB_APPLICATION_ACCESS_POLICY_DENIED', message };
  return { code, message };
}

export function graphMailboxCheck(target: OnlineCheckTarget): CheckDefinition {
  return {
    id: 'graph.mailbox',
    title: 'Mailboxes through Graph',
    dependsOn: ['entra.token', 'entra.permissions'],
    async run(ctx, signal): Promise<CheckOutcome> {
      if (target.mailboxes.length === 0) return { status: 'skip', summary: 'not run: no staff or shared mailbox is enabled', details: {} };
      const { accessToken, ca, proxy } = ctx.dependency('entra.token').artifact as TokenArtifact;
      const session = new OnlineSession(ca, proxy);
      const answers: MailboxAnswer[] = [];
      try {
        const queue = [...target.mailboxes];
        const worker = async (): Promise<void> => {
          for (let next = queue.shift(); next; next = queue.shift()) {
            const url = `${target.graphRoot}/users/${encodeURIComponent(next.address)}/mailFolders/inbox?$select=id`;
            const answer = await session.send('GET', url, { Authorization: `Bearer ${accessToken}` }, undefined, signal);
            if (!answer.ok) { answers.push({ ...next, code: answer.code, message: answer.message }); continue; }
            const { evidence } = answer;
            if (evidence.status === 200) { answers.push({ ...next, code: 'ok', status: 200 }); continue; }
            const { code, message } = graphErrorCode(evidence.status, answer.json);
            answers.push({ ...next, code, status: evidence.status, message, requestId: evidence.requestId, clientRequestId: evidence.clientRequestId });
          }
        };
        await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
      } finally {
        session.close();
      }
      const order = new Map(target.mailboxes.map((m, i) => [m.address, i]));
      answers.sort((a, b) => (order.get(a.address) ?? 0) - (order.get(b.address) ?? 0));
      const refused = answers.filter((a) => a.code !== 'ok');
      const details = {
        reached: answers.length - refused.length, of: answers.length,
        mailboxes: answers.map((a) => ({ address: a.address, role: a.role, result: a.code, ...(a.status ? { status: a.status } : {}), ...(a.requestId !== undefined ? { requestId: a.requestId, clientRequestId: a.clientRequestId } : {}) })),
      };
      const first = refused[0];
      if (!first) return { status: 'pass', summary: `all ${answers.length} mailboxes reachable (${target.mailboxes.filter((m) => m.role === 'shared').length} shared)`, details };
      const same = refused.filter((r) => r.code === first.code).map((r) => r.address);
      return {
        status: 'fail',
        summary: `${refused.length} of ${answers.length} mailboxes refused: ${first.code} (${same.slice(0, 2).join(', ')}${same.length > 2 ? ', …' : ''})`,
        details,
        diagnosis: diagnosisFor(first.code, first.message ? `Graph answered ${first.status ?? ''} ${first.code} for ${same.join(', ')}: "${first.message}"` : undefined),
      };
    },
  };
}
