/**
 * tls.trust: whether the server's chain leads to a trusted root — the system store plus
 * the CA file — classified by the canonical Node code (self-signed, untrusted root, missing
 * intermediate each have their own). A chain trusted only through an ad-hoc CA file (--ca-file)
 * warns that cloud services will reject it, while the profile's own tls.caFile (a deliberate
 * internal PKI) passes with that note in its summary and details; a free CA issuer warns per EX-3. An expired or not yet
 * valid certificate is left to tls.validity: the chain is then re-built ignoring dates so
 * this check still answers its own question.
 */
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import type { X509Certificate } from 'node:crypto';
import { certificateFacts, isSelfSigned } from './certificate-facts.js';
import { verifyChainIgnoringDates, type ChainVerdict } from './chain-verification.js';
import { freeCaOf } from './free-ca-issuers.js';
import { seenVia, type TlsArtifact } from './tls-handshake.js';
import { containsCertificate } from './trust-anchors.js';

/** Verify errors that concern dates, not trust: reported by tls.validity. */
const DATE_ERRORS: ReadonlySet<string> = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERROR_IN_CERT_NOT_AFTER_FIELD', 'ERROR_IN_CERT_NOT_BEFORE_FIELD']);

/** Summaries per failure code, naming the certificate where the chain broke. */
const FAILURE_SUMMARY: Readonly<Record<string, (subject: string, issuer: string) => string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: (s) => `self-signed certificate (${s})`,
  SELF_SIGNED_CERT_IN_CHAIN: (s) => `chain ends in an untrusted root (${s})`,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: (_s, i) => `issuer not trusted here: ${i}`,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: (_s, i) => `the server sent no intermediate certificate; issuer ${i} not found`,
  CA_MD_TOO_WEAK: () => 'a certificate is signed with SHA-1/MD5, which Node (OpenSSL 3) rejects',
};

export const tlsTrustCheck: CheckDefinition = {
  id: 'tls.trust',
  title: 'Certificate trust',
  dependsOn: ['tls.handshake'],
  run(ctx): Promise<CheckOutcome> {
    const tls = ctx.dependency('tls.handshake').artifact as TlsArtifact;
    const { chain, authorizationError } = tls.handshake;
    const anchors = [...tls.anchors.system, ...tls.anchors.caFile];
    const base = {
      chain: chain.map((c) => certificateFacts(c)).map((f) => ({ subject: f.subject, issuer: f.issuer, fingerprint256: f.fingerprint256 })),
      caFile: tls.caFilePath ?? null,
      ...seenVia(tls),
    };
    // OpenSSL's verdict first; for date errors, or to find the anchor of a good chain, build it ourselves.
    const verdict: ChainVerdict | undefined = chain.length > 0 ? verifyChainIgnoringDates(chain, anchors) : undefined;
    if (authorizationError && !DATE_ERRORS.has(authorizationError)) {
      const code = refineUnspecified(authorizationError, chain);
      return Promise.resolve(failed(code, verdict, code === authorizationError ? base : { ...base, nodeCode: authorizationError }));
    }
    if (!verdict) {
      return Promise.resolve({ status: 'fail', summary: 'the server sent no certificate', details: base, diagnosis: diagnosisFor('MB_TLS_NO_CERTIFICATE') });
    }
    if (!verdict.ok) return Promise.resolve(failed(verdict.code, verdict, base));

    const anchorFacts = certificateFacts(verdict.anchor);
    const viaCaFileOnly = containsCertificate(tls.anchors.caFile, verdict.anchor) && !containsCertificate(tls.anchors.system, verdict.anchor);
    const freeCa = chain.map((c) => freeCaOf(c.issuer)).find((name) => name !== undefined);
    const details = {
      ...base,
      trustedRoot: anchorFacts.subject,
      trustedBy: viaCaFileOnly ? 'ca-file' : 'system store',
      ...(authorizationError ? { dateError: authorizationError } : {}),
      ...(freeCa ? { freeCa } : {}),
    };
    // A profile's own tls.caFile is a deliberate internal-PKI setup: the integration trusts
    // it, so it passes — with the note for anyone pointing a cloud service at this server.
    const profileCaOnly = viaCaFileOnly && tls.caFileOrigin === 'profile';
    const cloudNote = `trusted through the profile's CA file (${anchorFacts.subject}); cloud services connecting directly would reject this chain`;
    const findings: { code: string; summary: string }[] = [
      ...(viaCaFileOnly && !profileCaOnly ? [{ code: 'MB_TRUSTED_ONLY_VIA_CA_FILE', summary: `trusted only through the CA file (${anchorFacts.subject}); cloud services will reject it` }] : []),
      ...(freeCa ? [{ code: 'MB_FREE_CA_ISSUER', summary: `issued by ${freeCa}, a free CA: some cloud integrations refuse it (EX-3)` }] : []),
    ];
    const first = findings[0];
    if (first) {
      return Promise.resolve({ status: 'warn', summary: findings.map((f) => f.summary).join('; '), details: { ...details, findings: findings.map((f) => f.code) }, diagnosis: diagnosisFor(first.code) });
    }
    if (profileCaOnly) return Promise.resolve({ status: 'pass', summary: cloudNote, details: { ...details, note: cloudNote } });
    return Promise.resolve({ status: 'pass', summary: `chain trusted (root ${anchorFacts.subject})`, details });
  },
};

/**
 * Node reports some OpenSSL verify errors only as `UNSPECIFIED` (its code table lacks them);
 * "CA signature digest algorithm too weak" is the one a real Exchange chain hits (SHA-1).
 * Name it by OpenSSL's own verify code when the chain shows the cause.
 */
function refineUnspecified(code: string, chain: readonly X509Certificate[]): string {
  if (code !== 'UNSPECIFIED') return code;
  const weakDigest = chain.some((c, i) => (i === 0 || !isSelfSigned(c)) && ['sha1', 'md5'].includes(certificateFacts(c).signatureHash ?? ''));
  return weakDigest ? 'CA_MD_TOO_WEAK' : code;
}

function failed(code: string, verdict: ChainVerdict | undefined, base: Record<string, unknown>): CheckOutcome {
  const stuck = verdict && !verdict.ok ? certificateFacts(verdict.stuckAt) : undefined;
  const describe = FAILURE_SUMMARY[code];
  const summary = describe ? describe(stuck?.subject ?? 'the server certificate', stuck?.issuer ?? 'its issuer') : `chain not trusted: ${code}`;
  return {
    status: 'fail',
    summary,
    details: { ...base, code, ...(stuck ? { brokenAt: { subject: stuck.subject, issuer: stuck.issuer } } : {}) },
    diagnosis: diagnosisFor(code),
  };
}
