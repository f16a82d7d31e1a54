/**
 * The vault file format, pure (no I/O): a JSON envelope around AES-256-GCM
 * ciphertext of the secret entries.
 *
 *   { "format": "mailbridge-vault", "version": 1, "cipher": "aes-256-gcm",
 *     "keyId": "<16 hex>", "iv": "<base64 12 bytes>", "tag": "<base64 16 bytes>",
 *     "ciphertext": "<base64>" }
 *
 * A fresh random IV for every write (GCM must never reuse an IV under one key); the
 * header fields are bound in as additional authenticated data, so swapping a header
 * onto another ciphertext fails the tag check like any other tampering.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { vaultKeyId } from './vault-key-format.js';

export const VAULT_FORMAT = 'mailbridge-vault';
export const VAULT_VERSION = 1;
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The decrypted contents: profile → field → value. */
export type VaultEntries = Map<string, Map<string, string>>;

export type OpenResult =
  | { ok: true; entries: VaultEntries }
  | { ok: false; kind: 'corrupt'; problem: string }
  | { ok: false; kind: 'newer'; version: number }
  | { ok: false; kind: 'wrong-key' }
  | { ok: false; kind: 'tampered' };

function aad(version: number, keyId: string): Buffer {
  return Buffer.from(`${VAULT_FORMAT}/${version}/${CIPHER}/${keyId}`, 'utf8');
}

export function sealVault(entries: VaultEntries, key: Buffer): string {
  const keyId = vaultKeyId(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(VAULT_VERSION, keyId));
  // Entries as [profile, field, value] triples: no object keys, so no prototype quirks.
  const triples: [string, string, string][] = [];
  for (const [profile, fields] of entries) for (const [field, value] of fields) triples.push([profile, field, value]);
  const plaintext = Buffer.from(JSON.stringify({ entries: triples }), 'utf8');
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  plaintext.fill(0);
  return `${JSON.stringify({
    format: VAULT_FORMAT,
    version: VAULT_VERSION,
    cipher: CIPHER,
    keyId,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  })}\n`;
}

interface Envelope {
  format: unknown;
  version: unknown;
  cipher: unknown;
  keyId: unknown;
  iv: unknown;
  tag: unknown;
  ciphertext: unknown;
}

export function openVault(text: string, key: Buffer): OpenResult {
  let envelope: Envelope;
  try {
    envelope = JSON.parse(text) as Envelope;
  } catch {
    return { ok: false, kind: 'corrupt', problem: 'it is not JSON' };
  }
  if (typeof envelope !== 'object' || envelope === null || envelope.format !== VAULT_FORMAT) {
    return { ok: false, kind: 'corrupt', problem: `it has no "format": "${VAULT_FORMAT}" header` };
  }
  if (typeof envelope.version !== 'number') return { ok: false, kind: 'corrupt', problem: 'the version is missing' };
  if (envelope.version > VAULT_VERSION) return { ok: false, kind: 'newer', version: envelope.version };
  if (envelope.cipher !== CIPHER) return { ok: false, kind: 'corrupt', problem: `unknown cipher ${JSON.stringify(envelope.cipher)}` };
  for (const name of ['keyId', 'iv', 'tag', 'ciphertext'] as const) {
    if (typeof envelope[name] !== 'string') return { ok: false, kind: 'corrupt', problem: `the field "${name}" is missing` };
  }
  if (envelope.keyId !== vaultKeyId(key)) return { ok: false, kind: 'wrong-key' };
  const iv = Buffer.from(envelope.iv as string, 'base64');
  const tag = Buffer.from(envelope.tag as string, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return { ok: false, kind: 'tampered' };
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(envelope.version, envelope.keyId as string));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(Buffer.from(envelope.ciphertext as string, 'base64')), decipher.final()]);
  } catch {
    return { ok: false, kind: 'tampered' };
  }
  return parseEntries(plaintext);
}

function parseEntries(plaintext: Buffer): OpenResult {
  let body: { entries?: unknown };
  try {
    body = JSON.parse(plaintext.toString('utf8')) as { entries?: unknown };
  } finally {
    plaintext.fill(0);
  }
  if (!Array.isArray(body.entries)) return { ok: false, kind: 'corrupt', problem: 'the decrypted contents have no entries' };
  const entries: VaultEntries = new Map();
  for (const triple of body.entries as unknown[]) {
    if (!Array.isArray(triple) || triple.length !== 3 || !triple.every((part) => typeof part === 'string')) {
      return { ok: false, kind: 'corrupt', problem: 'an entry is malformed' };
    }
    const [profile, field, value] = triple as [string, string, string];
    let fields = entries.get(profile);
    if (!fields) entries.set(profile, (fields = new Map()));
    fields.set(field, value);
  }
  return { ok: true, entries };
}
