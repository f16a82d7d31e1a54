/**
 * Reads a certificate's signature algorithm from its DER encoding. Node 20's
 * X509Certificate does not expose it, and a dozen lines of DER walking spare the agent a
 * dependency: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm
 * AlgorithmIdentifier, signatureValue } (RFC 5280 §4.1), AlgorithmIdentifier ::= SEQUENCE
 * { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }.
 */

export interface SignatureAlgorithm {
  readonly oid: string;
  /** e.g. sha256WithRSAEncryption; the OID itself when unknown. */
  readonly name: string;
  /** The digest, lower case (sha1, sha256, …), when the algorithm fixes one. */
  readonly hash?: string;
}

/** RFC 4055 / RFC 5758 / RFC 8410 identifiers. */
const ALGORITHMS: Readonly<Record<string, { name: string; hash?: string }>> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.2.840.10040.4.3': { name: 'dsa-with-sha1', hash: 'sha1' },
  '1.3.101.112': { name: 'Ed25519' },
  '1.3.101.113': { name: 'Ed448' },
};

interface Tlv {
  readonly tag: number;
  readonly contentStart: number;
  readonly end: number;
}

function readTlv(der: Uint8Array, offset: number): Tlv {
  const tag = der[offset];
  let lengthByte = der[offset + 1];
  if (tag === undefined || lengthByte === undefined) throw new RangeError('DER: truncated');
  let contentStart = offset + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count === 0 || count > 4) throw new RangeError('DER: unsupported length');
    length = 0;
    for (let i = 0; i < count; i += 1) {
      lengthByte = der[contentStart + i];
      if (lengthByte === undefined) throw new RangeError('DER: truncated');
      length = length * 256 + lengthByte;
    }
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > der.length) throw new RangeError('DER: length past the end');
  return { tag, contentStart, end };
}

function decodeOid(bytes: Uint8Array): string {
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

const SEQUENCE = 0x30;
const OBJECT_IDENTIFIER = 0x06;

export function signatureAlgorithmOf(der: Uint8Array): SignatureAlgorithm {
  const certificate = readTlv(der, 0);
  if (certificate.tag !== SEQUENCE) throw new RangeError('DER: certificate is not a SEQUENCE');
  const tbs = readTlv(der, certificate.contentStart);
  const algorithm = readTlv(der, tbs.end);
  if (algorithm.tag !== SEQUENCE) throw new RangeError('DER: signatureAlgorithm is not a SEQUENCE');
  const oidTlv = readTlv(der, algorithm.contentStart);
  if (oidTlv.tag !== OBJECT_IDENTIFIER) throw new RangeError('DER: signatureAlgorithm has no OID');
  const oid = decodeOid(der.subarray(oidTlv.contentStart, oidTlv.end));
  const known = ALGORITHMS[oid];
  return { oid, name: known?.name ?? oid, ...(known?.hash ? { hash: known.hash } : {}) };
}
