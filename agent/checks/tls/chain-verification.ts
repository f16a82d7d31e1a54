/**
 * Offline chain building over the certificates a server sent, against a set of anchors,
 * ignoring dates. OpenSSL reports only its first verify error, and an expired certificate
 * hides whether the chain is otherwise sound; this answers that second question so
 * tls.trust and tls.validity each report their own finding. The failure codes mirror the
 * ones OpenSSL gives for the same situations (Node's X509 error codes).
 */
import type { X509Certificate } from 'node:crypto';
import { containsCertificate } from './trust-anchors.js';
import { isSelfSigned } from './certificate-facts.js';

export type ChainVerdict =
  | { readonly ok: true; readonly anchor: X509Certificate; readonly path: readonly X509Certificate[] }
  | { readonly ok: false; readonly code: string; readonly stuckAt: X509Certificate };

function issues(issuer: X509Certificate, subject: X509Certificate): boolean {
  return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
}

export function verifyChainIgnoringDates(sent: readonly X509Certificate[], anchors: readonly X509Certificate[]): ChainVerdict {
  const leaf = sent[0];
  if (!leaf) throw new RangeError('no certificate to verify');
  const path: X509Certificate[] = [leaf];
  let current = leaf;
  for (;;) {
    if (containsCertificate(anchors, current)) return { ok: true, anchor: current, path };
    const anchor = anchors.find((a) => issues(a, current));
    if (anchor) return { ok: true, anchor, path: [...path, anchor] };
    const next = sent.find((c) => !path.includes(c) && c !== current && issues(c, current));
    if (!next || isSelfSigned(current)) {
      const atLeaf = current === leaf;
      const code = isSelfSigned(current)
        ? atLeaf ? 'DEPTH_ZERO_SELF_SIGNED_CERT' : 'SELF_SIGNED_CERT_IN_CHAIN'
        : atLeaf ? 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' : 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY';
      return { ok: false, code, stuckAt: current };
    }
    path.push(next);
    current = next;
  }
}
