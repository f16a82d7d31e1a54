/**
 * tls.validity: every certificate the server sent is inside its validity period; the leaf
 * (or any intermediate) expiring within 30 days warns and within 60 days is noted — the
 * windows testssl.sh uses (diagnostics.md §4.1). Trust anchors from the store are not judged.
 */
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import { certificateFacts } from './certificate-facts.js';
import { seenVia, type TlsArtifact } from './tls-handshake.js';
import { containsCertificate } from './trust-anchors.js';

const DAY_MS = 86_400_000;
export const EXPIRY_WARN_DAYS = 30;
export const EXPIRY_NOTE_DAYS = 60;

export const tlsValidityCheck: CheckDefinition = {
  id: 'tls.validity',
  title: 'Certificate dates',
  dependsOn: ['tls.handshake'],
  run(ctx): Promise<CheckOutcome> {
    const artifact = ctx.dependency('tls.handshake').artifact as TlsArtifact;
    const anchors = [...artifact.anchors.system, ...artifact.anchors.caFile];
    const now = ctx.now();
    const judged = artifact.handshake.chain
      .filter((cert, index) => index === 0 || !containsCertificate(anchors, cert))
      .map((cert) => certificateFacts(cert));
    const dates = judged.map((f) => ({ subject: f.subject, notBefore: f.notBefore, notAfter: f.notAfter, daysLeft: Math.floor((Date.parse(f.notAfter) - now.getTime()) / DAY_MS) }));
    const details = { now: now.toISOString(), certificates: dates, ...seenVia(artifact) };

    const expired = dates.find((d) => Date.parse(d.notAfter) < now.getTime());
    if (expired) {
      return Promise.resolve({ status: 'fail', summary: `expired on ${expired.notAfter.slice(0, 10)}: ${expired.subject}`, details, diagnosis: diagnosisFor('CERT_HAS_EXPIRED') });
    }
    const early = dates.find((d) => Date.parse(d.notBefore) > now.getTime());
    if (early) {
      return Promise.resolve({ status: 'fail', summary: `not valid before ${early.notBefore}: ${early.subject}`, details, diagnosis: diagnosisFor('CERT_NOT_YET_VALID') });
    }
    const soonest = [...dates].sort((a, b) => a.daysLeft - b.daysLeft)[0];
    if (!soonest) return Promise.resolve({ status: 'skip', summary: 'no certificate to judge', details });
    const expiry = `expires ${soonest.notAfter.slice(0, 10)} (${soonest.daysLeft} days)`;
    if (soonest.daysLeft < EXPIRY_WARN_DAYS) {
      return Promise.resolve({ status: 'warn', summary: `${expiry}: ${soonest.subject}`, details, diagnosis: diagnosisFor('MB_CERT_EXPIRING_SOON') });
    }
    if (soonest.daysLeft < EXPIRY_NOTE_DAYS) {
      return Promise.resolve({ status: 'pass', summary: `${expiry} — plan the renewal`, details: { ...details, note: `expires within ${EXPIRY_NOTE_DAYS} days` } });
    }
    return Promise.resolve({ status: 'pass', summary: expiry, details });
  },
};
