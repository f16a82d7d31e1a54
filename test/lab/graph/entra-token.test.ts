/**
 * The lab as an Entra authority, judged by @azure/msal-node unchanged: client credentials
 * with the app's secret and with its certificate (assertion signed with the private key,
 * verified by the lab against the registered certificate), and the token's claims (#3).
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import https from 'node:https';
import { SignJWT, importPKCS8 } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../../fixtures/lab/lab.js';
import { ClientDriver, labApp } from './client-driver.js';

interface TokenResult {
  claims: Record<string, unknown>;
  tokenType: string;
}

let lab: RunningLab;
let driver: ClientDriver;

beforeAll(async () => {
  lab = await startLab();
  driver = new ClientDriver(lab.context.tls.caFile);
});

afterAll(async () => {
  await driver?.stop();
  await lab?.stop();
});

describe('Entra token endpoint with msal-node', () => {
  it('issues a Graph token for the client secret, with roles from the granted permissions', async () => {
    const app = labApp(lab, 'secret');
    const { claims, tokenType } = await driver.expectOk<TokenResult>('token', { app });
    expect(tokenType).toBe('Bearer');
    expect(claims.aud).toBe('https://graph.microsoft.com');
    expect(claims.tid).toBe(lab.context.tenantId);
    expect(claims.appid).toBe(app.clientId);
    expect(claims.appidacr).toBe('1');
    expect(claims.roles).toEqual(expect.arrayContaining(['Mail.ReadWrite', 'Calendars.ReadWrite', 'User.Read.All']));
    expect(Number(claims.exp) - Number(claims.iat)).toBeGreaterThan(3000);
    expect(lab.context.stats.snapshot().requests.byOperation['entra:openid-configuration']).toBeGreaterThanOrEqual(1);
  });

  it('issues a token for a certificate assertion (x5t#S256, PS256) verified against the registered certificate', async () => {
    const { claims } = await driver.expectOk<TokenResult>('token', { app: labApp(lab, 'certificate') });
    expect(claims.appidacr).toBe('2');
    expect(claims.aud).toBe('https://graph.microsoft.com');
  });

  it('refuses an assertion signed by a certificate the app does not have (AADSTS700027)', async () => {
    const app = labApp(lab, 'certificate');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const otherKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    // Right thumbprint, wrong key: the signature cannot verify against the registered certificate.
    const error = await driver.expectError('token', { app: { ...app, certificate: { ...app.certificate, keyPem: otherKey } } });
    expect(error.kind).toBe('msal');
    expect(error.errorCode).toBe('invalid_client');
    expect(String(error.errorNo)).toBe('700027');
    expect(error.message).toContain('AADSTS700027');
  });

  it('refuses a scope without /.default for client credentials (AADSTS1002012)', async () => {
    const error = await driver.expectError('token', { app: { ...labApp(lab), scope: 'https://graph.microsoft.com/Mail.Read' } });
    expect(String(error.errorNo)).toBe('1002012');
    expect(error.errorCode).toBe('invalid_scope');
  });

  describe('certificate assertions built by hand (what Entra checks beyond the signature)', () => {
    async function assertion(claims: { aud?: string; iss?: string; expOffset?: number }): Promise<string> {
      const app = lab.context.apps[0];
      const cert = app?.certificate;
      if (!app || !cert) throw new Error('lab app has no certificate');
      const now = Math.floor(Date.now() / 1000);
      const x5tS256 = Buffer.from(cert.thumbprintSha256, 'hex').toString('base64url');
      return new SignJWT({ jti: randomUUID() })
        .setProtectedHeader({ alg: 'PS256', 'x5t#S256': x5tS256 })
        .setAudience(claims.aud ?? `${lab.context.urls.authorityHost}/${lab.context.tenantId}/oauth2/v2.0/token`)
        .setIssuer(claims.iss ?? app.clientId)
        .setSubject(claims.iss ?? app.clientId)
        .setNotBefore(now - 60)
        .setExpirationTime(now + (claims.expOffset ?? 600))
        .sign(await importPKCS8(cert.keyPem, 'PS256'));
    }

    function postToken(form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
      const payload = new URLSearchParams(form).toString();
      return new Promise((resolve, reject) => {
        const req = https.request(`${lab.context.urls.authorityHost}/${lab.context.tenantId}/oauth2/v2.0/token`, {
          method: 'POST', ca: lab.context.tls.caPem, headers: { 'content-type': 'application/x-www-form-urlencoded', 'client-request-id': 'corr-test' },
        }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => { text += c.toString(); });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
        });
        req.on('error', reject);
        req.end(payload);
      });
    }

    const form = async (jwt: string): Promise<Record<string, string>> => ({
      grant_type: 'client_credentials', client_id: lab.context.apps[0]?.clientId ?? '', scope: 'https://graph.microsoft.com/.default',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt,
    });

    it('accepts a correct one, and answers AADSTS700023 / 700021 / 700024 for wrong aud, wrong issuer, expired', async () => {
      const ok = await postToken(await form(await assertion({})));
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
      const cases: Array<[Parameters<typeof assertion>[0], number]> = [
        [{ aud: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' }, 700023],
        [{ iss: '11111111-2222-3333-4444-555555555555' }, 700021],
        [{ expOffset: -120 }, 700024],
      ];
      for (const [claims, code] of cases) {
        const answer = await postToken(await form(await assertion(claims)));
        expect(answer.body.error_codes).toEqual([code]);
        expect(answer.body.error).toBe('invalid_client');
        expect(answer.body.correlation_id).toBe('corr-test');
        expect(String(answer.body.error_description)).toMatch(new RegExp(`^AADSTS${code}: `));
      }
    });
  });
});
