/**
 * entra.token: the app gets an app-only token for Microsoft Graph from the profile's
 * authority (client credentials: the client secret, or a certificate assertion, MEM-4).
 * Each failure is named by its AADSTS code (bad secret 7000215, expired secret 7000222,
 * unknown app 700016, unknown tenant 90002 …) with Entra's trace and correlation ids as
 * evidence; the server's Date is compared with the agent's clock (a skewed clock breaks
 * assertions and tokens). The token goes to the dependants in-process, never into a report.
 */
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import { hasDiagnosis } from '../check-diagnosis.js';
import { clockSkew } from '../exchange/clock-skew.js';
import { TLS_GATE } from '../exchange/exchange-target.js';
import type { TlsArtifact } from '../tls/tls-handshake.js';
import { clientAssertion } from './client-assertion.js';
import { OnlineSession } from './online-http.js';
import type { OnlineCheckTarget } from './online-target.js';
import type { ProxySource } from '../../connectors/transport/proxy-route.js';
import { decodeTokenClaims } from './token-claims.js';

/** Handed to entra.permissions and graph.mailbox. */
export interface TokenArtifact {
  readonly accessToken: string;
  readonly ca: string[] | undefined;
  /** The profile's outbound proxy, for graph.mailbox (issue #7). */
  readonly proxy?: ProxySource | undefined;
}

/** The canonical code of a token-endpoint error body: its AADSTS number, else the OAuth error. */
export function aadstsCodeOf(body: Record<string, unknown> | undefined, status: number): string {
  const codes = body?.error_codes;
  if (Array.isArray(codes) && typeof codes[0] === 'number') return `AADSTS${codes[0]}`;
  const described = typeof body?.error_description === 'string' ? /AADSTS(\d+)/.exec(body.error_description)?.[1] : undefined;
  if (described) return `AADSTS${described}`;
  const oauth = typeof body?.error === 'string' ? body.error : undefined;
  return oauth && hasDiagnosis(oauth) ? oauth : `HTTP_${status}`;
}

function form(values: Record<string, string>): string {
  return new URLSearchParams(values).toString();
}

export function entraTokenCheck(target: OnlineCheckTarget): CheckDefinition {
  return {
    id: 'entra.token',
    title: 'Entra ID app token',
    dependsOn: TLS_GATE,
    async run(ctx, signal): Promise<CheckOutcome> {
      const loaded = await target.credential();
      if (!loaded.ok) return { status: 'skip', summary: `not run: ${loaded.reason}`, details: { reason: loaded.reason } };
      const tls = ctx.dependency('tls.handshake').artifact as TlsArtifact;
      const ca = tls.anchors.connectCa;
      const tokenUrl = `${target.authorityOrigin}/${encodeURIComponent(target.tenant)}/oauth2/v2.0/token`;
      const scope = `${new URL(target.graphRoot).origin}/.default`;
      const credential = loaded.credential;
      const secretPart: Record<string, string> = credential.kind === 'clientSecret'
        ? { client_secret: credential.clientSecret }
        : {
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: await clientAssertion(target.clientId, tokenUrl, credential.certificatePem, credential.privateKeyPem, ctx.now()),
          };
      const session = new OnlineSession(ca, tls.proxy);
      try {
        const answer = await session.send('POST', tokenUrl, { 'Content-Type': 'application/x-www-form-urlencoded' },
          form({ grant_type: 'client_credentials', client_id: target.clientId, scope, ...secretPart }), signal);
        if (!answer.ok) return { status: 'fail', summary: `no answer from the token endpoint: ${answer.code}`, details: { url: answer.url, code: answer.code, error: answer.message }, diagnosis: diagnosisFor(answer.code) };
        const { evidence, json } = answer;
        const skew = clockSkew(evidence.date, ctx.now(), evidence.elapsedMs);
        const base = { ...evidence, tenant: target.tenant, clientId: target.clientId, credential: credential.kind, scope, ...(skew ? { clock: skew } : {}) };
        const accessToken = typeof json?.access_token === 'string' ? json.access_token : undefined;
        if (evidence.status !== 200 || !accessToken) {
          const code = aadstsCodeOf(json, evidence.status);
          const details = {
            ...base, error: json?.error ?? null, aadsts: code.startsWith('AADSTS') ? code : null,
            traceId: json?.trace_id ?? null, correlationId: json?.correlation_id ?? null, timestamp: json?.timestamp ?? null,
          };
          const first = typeof json?.error_description === 'string' ? json.error_description.split(/\r?\n/)[0] ?? '' : `HTTP ${evidence.status}`;
          return { status: 'fail', summary: `${code}: ${first.replace(/^AADSTS\d+:\s*/, '')}`.slice(0, 160), details, diagnosis: diagnosisFor(code) };
        }
        const claims = decodeTokenClaims(accessToken);
        const details = { ...base, claims: claims ?? null };
        const artifact: TokenArtifact = { accessToken, ca, ...(tls.proxy ? { proxy: tls.proxy } : {}) };
        if (skew?.tooLarge) {
          return { status: 'warn', summary: `token issued; the agent's clock is ${skew.skewSeconds} s off Entra's`, details, artifact, diagnosis: diagnosisFor('MB_CLOCK_SKEW') };
        }
        return { status: 'pass', summary: `app-only token for ${claims?.aud ?? scope}, ${claims?.roles.length ?? 0} roles, expires ${claims?.expiresAt ?? 'unknown'}`, details, artifact };
      } finally {
        session.close();
      }
    },
  };
}
