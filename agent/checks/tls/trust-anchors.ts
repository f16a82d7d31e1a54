/**
 * The trust anchors a chain is judged against: the system store (Node's bundled roots
 * plus NODE_EXTRA_CA_CERTS, which is what the integration's own HTTPS clients trust) and
 * the operator's CA file (`--ca-file`, the profile's CA). Kept apart so tls.trust can say
 * "trusted only through the CA file" — a chain cloud services will reject (EX-3).
 */
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import tls from 'node:tls';
import type { CaFile } from '../network-target.js';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export function pemBlocks(pem: string): string[] {
  return pem.match(PEM_BLOCK) ?? [];
}

export function parsePemBundle(pem: string): X509Certificate[] {
  return pemBlocks(pem).map((block) => new X509Certificate(block));
}

/** PEM of NODE_EXTRA_CA_CERTS, which Node adds to its default store at start-up. */
function extraCaPem(env: NodeJS.ProcessEnv = process.env): string[] {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return pemBlocks(fs.readFileSync(file, 'utf8'));
  } catch {
    return []; // Node itself only warns about an unreadable file; so do we (it is simply not trusted).
  }
}

let systemStore: { pem: string[]; certs: X509Certificate[] } | undefined;

function system(): { pem: string[]; certs: X509Certificate[] } {
  if (!systemStore) {
    const pem = [...tls.rootCertificates, ...extraCaPem()];
    systemStore = { pem, certs: pem.map((p) => new X509Certificate(p)) };
  }
  return systemStore;
}

export interface TrustAnchors {
  readonly system: readonly X509Certificate[];
  readonly caFile: readonly X509Certificate[];
  /** The `ca` option for tls.connect: undefined keeps Node's default store (no CA file given). */
  readonly connectCa: string[] | undefined;
}

/** `includeSystem: false` trusts the CA file alone (a profile with `tls.systemTrustStore: false`). */
export function trustAnchors(caFile: CaFile | undefined, includeSystem = true): TrustAnchors {
  const store = includeSystem ? system() : { pem: [], certs: [] };
  const extra = caFile ? pemBlocks(caFile.pem) : [];
  return {
    system: store.certs,
    caFile: extra.map((p) => new X509Certificate(p)),
    connectCa: extra.length > 0 || !includeSystem ? [...store.pem, ...extra] : undefined,
  };
}

export function containsCertificate(list: readonly X509Certificate[], cert: X509Certificate): boolean {
  return list.some((c) => c.fingerprint256 === cert.fingerprint256);
}
