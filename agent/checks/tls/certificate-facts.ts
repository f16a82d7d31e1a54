/**
 * The evidence a TLS check reports about one certificate, read once from the DER the
 * server sent: names, dates, SANs, fingerprint, key and signature algorithm. Evidence only:
 * public certificate fields, never key material.
 */
import type { X509Certificate } from 'node:crypto';
import { signatureAlgorithmOf } from './signature-algorithm.js';

export interface CertificateFacts {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly subjectAltName: string | null;
  readonly fingerprint256: string;
  readonly signatureAlgorithm: string;
  readonly signatureHash: string | null;
  readonly keyType: string | null;
  readonly keyBits: number | null;
  /** The named curve of an EC key (prime256v1, secp384r1…). */
  readonly keyCurve: string | null;
  /** Subject equals issuer and the signature verifies with its own key. */
  readonly selfSigned: boolean;
}

/** One line per DN, commas instead of Node's newlines, so evidence reads in a report. */
function oneLine(dn: string): string {
  return dn.split('\n').filter(Boolean).join(', ');
}

export function isSelfSigned(cert: X509Certificate): boolean {
  return cert.checkIssued(cert) && cert.verify(cert.publicKey);
}

export function certificateFacts(cert: X509Certificate): CertificateFacts {
  let algorithm: { name: string; hash?: string };
  try {
    algorithm = signatureAlgorithmOf(cert.raw);
  } catch {
    algorithm = { name: 'unreadable' };
  }
  const details = cert.publicKey.asymmetricKeyDetails;
  const keyBits = details?.modulusLength ?? null;
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    serialNumber: cert.serialNumber,
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    subjectAltName: cert.subjectAltName ?? null,
    fingerprint256: cert.fingerprint256,
    signatureAlgorithm: algorithm.name,
    signatureHash: algorithm.hash ?? null,
    keyType: cert.publicKey.asymmetricKeyType ?? null,
    keyBits,
    keyCurve: details?.namedCurve ?? null,
    selfSigned: isSelfSigned(cert),
  };
}
