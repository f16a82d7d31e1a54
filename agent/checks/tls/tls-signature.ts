/**
 * tls.signature: no certificate the server sent is signed with SHA-1 (or MD5), and the
 * leaf's RSA key has at least 2048 bits. Weak signatures on a trust anchor itself do not
 * count (its signature is never checked), as in sslyze (diagnostics.md §4.2).
 */
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import { certificateFacts } from './certificate-facts.js';
import { seenVia, type TlsArtifact } from './tls-handshake.js';

const WEAK_HASHES: ReadonlySet<string> = new Set(['sha1', 'md5']);
export const MIN_RSA_BITS = 2048;

export const tlsSignatureCheck: CheckDefinition = {
  id: 'tls.signature',
  title: 'Certificate signature and key',
  dependsOn: ['tls.handshake'],
  run(ctx): Promise<CheckOutcome> {
    const artifact = ctx.dependency('tls.handshake').artifact as TlsArtifact;
    const facts = artifact.handshake.chain.map((c) => certificateFacts(c)).filter((f, i) => i === 0 || !f.selfSigned);
    const certificates = facts.map((f) => ({ subject: f.subject, signatureAlgorithm: f.signatureAlgorithm, keyType: f.keyType, keyBits: f.keyBits, keyCurve: f.keyCurve }));
    const details = { certificates, ...seenVia(artifact) };
    const weak = facts.find((f) => f.signatureHash !== null && WEAK_HASHES.has(f.signatureHash));
    const leaf = facts[0];
    const shortKey = leaf && leaf.keyType === 'rsa' && leaf.keyBits !== null && leaf.keyBits < MIN_RSA_BITS ? leaf : undefined;
    if (weak) {
      return Promise.resolve({ status: 'warn', summary: `${weak.signatureAlgorithm} signature: ${weak.subject}`, details, diagnosis: diagnosisFor('MB_WEAK_SIGNATURE') });
    }
    if (shortKey) {
      return Promise.resolve({ status: 'warn', summary: `RSA key of ${shortKey.keyBits} bits (< ${MIN_RSA_BITS}): ${shortKey.subject}`, details, diagnosis: diagnosisFor('MB_WEAK_KEY') });
    }
    const key = leaf ? [leaf.keyType ?? 'unknown key', leaf.keyBits ?? leaf.keyCurve ?? ''].join(' ').trim() : '';
    return Promise.resolve({ status: 'pass', summary: leaf ? `${leaf.signatureAlgorithm}, ${key}` : 'no certificate', details });
  },
};
