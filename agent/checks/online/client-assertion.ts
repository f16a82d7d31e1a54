/**
 * The signed client assertion for a certificate credential (MEM-4): a short-lived JWT
 * addressed to the token endpoint, naming the certificate by its SHA-256 thumbprint
 * (x5t#S256) and signed with its private key (PS256), as MSAL Node sends it.
 */
import { X509Certificate, createPrivateKey, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';

export async function clientAssertion(clientId: string, tokenEndpoint: string, certificatePem: string, privateKeyPem: string, now: Date): Promise<string> {
  const cert = new X509Certificate(certificatePem);
  const thumbprint = Buffer.from(cert.fingerprint256.replace(/:/g, ''), 'hex').toString('base64url');
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'PS256', typ: 'JWT', 'x5t#S256': thumbprint })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenEndpoint)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + 600)
    .sign(createPrivateKey(privateKeyPem));
}
