/**
 * The vault key's text form, pure: parsing what an operator supplies and the
 * fingerprint stored beside the ciphertext.
 *
 * Accepted forms (documented for MAILBRIDGE_VAULT_KEY, the `vault-key` systemd
 * credential and the generated key file alike), surrounding whitespace ignored:
 * - 64 hexadecimal characters (`openssl rand -hex 32`), or
 * - base64 or base64url of exactly 32 bytes (`openssl rand -base64 32`).
 */
import { createHmac } from 'node:crypto';

export const VAULT_KEY_BYTES = 32;

export type ParsedVaultKey = { ok: true; key: Buffer } | { ok: false; problem: string };

const HEX_64 = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export function parseVaultKey(text: string): ParsedVaultKey {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: false, problem: 'is empty' };
  if (HEX_64.test(trimmed)) return { ok: true, key: Buffer.from(trimmed, 'hex') };
  if (BASE64.test(trimmed)) {
    const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === VAULT_KEY_BYTES) return { ok: true, key: bytes };
    return { ok: false, problem: `decodes to ${bytes.length} bytes; it must be 32 bytes (64 hex characters or base64 of 32 bytes)` };
  }
  return { ok: false, problem: `is neither 64 hex characters nor base64 of 32 bytes (${trimmed.length} characters given)` };
}

export function formatVaultKey(key: Buffer): string {
  return `${key.toString('hex')}\n`;
}

/**
 * A short, non-reversible fingerprint of the key, kept in the vault file so a wrong
 * key is told apart from a damaged file before decryption is even attempted.
 */
export function vaultKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('mailbridge vault key id v1').digest('hex').slice(0, 16);
}
