/**
 * The certificate factory (#3, EX-3): the lab chain and each defective variant, inspected
 * with node:crypto's own X509Certificate (an independent parser), and the temp directory
 * holding only what must be on disk.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabCertificates, type LabCertificates } from '../../fixtures/certs/lab-certificates.js';

let certs: LabCertificates;
beforeAll(async () => {
  certs = await createLabCertificates();
});
afterAll(async () => {
  await certs?.remove();
});

/** The certificates of a PEM chain, leaf first. */
function chain(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((p) => new X509Certificate(p));
}

describe('lab certificate factory', () => {
  it('builds root → intermediate → localhost leaf with the SANs and constraints real chains carry', () => {
    const root = new X509Certificate(certs.caPem);
    const [leaf, intermediate] = chain(certs.valid.cert) as [X509Certificate, X509Certificate];
    expect(root.ca).toBe(true);
    expect(intermediate.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(intermediate.verify(root.publicKey)).toBe(true);
    expect(leaf.verify(intermediate.publicKey)).toBe(true);
    expect(leaf.checkIssued(intermediate)).toBe(true);
    expect(leaf.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // serverAuth
  });

  it('makes each defective variant with exactly its defect', async () => {
    const now = Date.now();
    const leafOf = async (v: Parameters<LabCertificates['serverCredentials']>[0]) => chain((await certs.serverCredentials(v)).cert);

    const [selfSigned, ...selfRest] = await leafOf('self-signed');
    expect(selfRest).toEqual([]);
    expect(selfSigned!.issuer).toBe(selfSigned!.subject);
    expect(selfSigned!.verify(selfSigned!.publicKey)).toBe(true);

    const [expired] = await leafOf('expired');
    expect(Date.parse(expired!.validTo)).toBeLessThan(now);
    const [notYet] = await leafOf('not-yet-valid');
    expect(Date.parse(notYet!.validFrom)).toBeGreaterThan(now);

    const [wrong] = await leafOf('wrong-host');
    expect(wrong!.checkHost('localhost')).toBeUndefined();
    expect(wrong!.subjectAltName).toBe('DNS:exchange.other-org.test');

    expect(await leafOf('missing-intermediate')).toHaveLength(1);

    const sha1 = await certs.serverCredentials('sha1');
    const [sha1Leaf] = chain(sha1.cert);
    // node:crypto exposes no signature algorithm; the DER carries the ecdsa-with-SHA1 OID 1.2.840.10045.4.1.
    expect(sha1Leaf!.raw.includes(Buffer.from('06072a8648ce3d0401', 'hex'))).toBe(true);
    expect(sha1.ciphers).toBe('DEFAULT@SECLEVEL=0');

    const [freeLeaf, freeIssuer] = await leafOf('free-ca');
    expect(freeLeaf!.issuer).toBe("C=US\nO=Let's Encrypt\nCN=R11");
    expect(freeIssuer!.verify(new X509Certificate(certs.caPem).publicKey)).toBe(true);
  });

  it('writes only the CA (0644) and the app client certificate and key (0600) into a 0700 temp dir', () => {
    expect(statSync(certs.dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(certs.dir).sort()).toEqual(['app-client-cert.pem', 'app-client-key.pem', 'lab-root-ca.pem']);
    expect(statSync(certs.appClient.keyFile).mode & 0o777).toBe(0o600);
    expect(new X509Certificate(certs.appClient.certPem).fingerprint.replace(/:/g, '')).toBe(certs.appClient.thumbprintSha1);
    expect(existsSync(certs.caFile)).toBe(true);
  });
});
