/**
 * The lab as an Entra authority, judged by @azure/msal-node unchanged: client credentials
 * with the app's secret and with its certificate (assertion signed with the private key,
 * verified by the lab against the registered certificate), and the token's claims (#3).
 */
import { generateKeyPairSync } from 'node:crypto';
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
});
