/**
 * Decoding an access token locally (no signature check: the token is our own, just issued
 * over verified TLS; we only read what Entra put in it). An Entra token is not proof of
 * admin consent — its `roles` claim is (diagnostics.md). Only non-secret claims are kept
 * for the report; the token itself never leaves the run.
 */
export interface TokenClaims {
  readonly aud: string | null;
  readonly tid: string | null;
  readonly appid: string | null;
  readonly roles: string[];
  readonly issuedAt: string | null;
  readonly expiresAt: string | null;
}

function seconds(value: unknown): string | null {
  return typeof value === 'number' ? new Date(value * 1000).toISOString() : null;
}

export function decodeTokenClaims(token: string): TokenClaims | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const text = (k: string): string | null => (typeof claims[k] === 'string' ? (claims[k] as string) : null);
    return {
      aud: text('aud'),
      tid: text('tid'),
      appid: text('appid') ?? text('azp'),
      roles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [],
      issuedAt: seconds(claims.iat),
      expiresAt: seconds(claims.exp),
    };
  } catch {
    return undefined;
  }
}
