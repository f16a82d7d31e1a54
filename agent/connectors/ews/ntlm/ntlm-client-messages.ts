/**
 * The client side of NTLM ([MS-NLMP]): the type-1 NEGOTIATE message, parsing the type-2
 * CHALLENGE and the type-3 AUTHENTICATE message with an NTLMv2 response. Pure functions;
 * the handshake over a socket lives in ntlm-channel.ts.
 *
 * MD4 comes from js-md4 (pure JS) because OpenSSL 3 disables MD4 (ERR_OSSL_EVP_UNSUPPORTED,
 * the ntlm-md4 family in the diagnosis KB); HMAC-MD5 is still available in node:crypto.
 */
import { createHmac, randomBytes } from 'node:crypto';
import md4 from 'js-md4';

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

/** Negotiate flags we ask for (values from [MS-NLMP] 2.2.2.5). */
const FLAGS = {
  UNICODE: 0x00000001,
  OEM: 0x00000002,
  REQUEST_TARGET: 0x00000004,
  NTLM: 0x00000200,
  ALWAYS_SIGN: 0x00008000,
  EXTENDED_SESSIONSECURITY: 0x00080000,
  TARGET_INFO: 0x00800000,
  NEGOTIATE_128: 0x20000000,
  NEGOTIATE_56: 0x80000000,
} as const;

const NEGOTIATE_FLAGS =
  FLAGS.UNICODE | FLAGS.OEM | FLAGS.REQUEST_TARGET | FLAGS.NTLM | FLAGS.ALWAYS_SIGN |
  FLAGS.EXTENDED_SESSIONSECURITY | FLAGS.NEGOTIATE_128 | FLAGS.NEGOTIATE_56;

export interface NtlmIdentity {
  user: string;
  domain: string;
  password: string;
  workstation?: string;
}

export interface NtlmChallenge {
  flags: number;
  serverChallenge: Buffer;
  targetInfo: Buffer;
  targetName: string;
}

/** `DOMAIN\user`, `user@domain` (kept whole, domain empty, as Windows sends a UPN) or `user` + domain. */
export function splitLogonName(user: string, domain: string): { user: string; domain: string } {
  const backslash = user.indexOf('\\');
  if (backslash > 0) return { domain: user.slice(0, backslash), user: user.slice(backslash + 1) };
  return { user, domain };
}

export function negotiateMessage(): string {
  const b = Buffer.alloc(32);
  SIGNATURE.copy(b, 0);
  b.writeUInt32LE(1, 8);
  b.writeUInt32LE(NEGOTIATE_FLAGS >>> 0, 12);
  // Domain and workstation security buffers stay empty (length 0, offset 32).
  b.writeUInt32LE(32, 20);
  b.writeUInt32LE(32, 28);
  return `NTLM ${b.toString('base64')}`;
}

/** The NTLM token from a `WWW-Authenticate` header list, or null when the server sent none. */
export function challengeToken(wwwAuthenticate: string | string[] | undefined): Buffer | null {
  const values = Array.isArray(wwwAuthenticate) ? wwwAuthenticate : wwwAuthenticate ? wwwAuthenticate.split(/,\s*(?=NTLM|Negotiate|Basic)/i) : [];
  for (const v of values) {
    const m = /^(?:NTLM|Negotiate)\s+([A-Za-z0-9+/=]+)\s*$/i.exec(v.trim());
    if (m) return Buffer.from(m[1] as string, 'base64');
  }
  return null;
}

function securityBuffer(msg: Buffer, at: number): Buffer {
  const length = msg.readUInt16LE(at);
  const offset = msg.readUInt32LE(at + 4);
  if (offset + length > msg.length) throw new Error('NTLM challenge: a field points past the end of the message');
  return msg.subarray(offset, offset + length);
}

export function parseChallenge(msg: Buffer): NtlmChallenge {
  if (msg.length < 32 || !msg.subarray(0, 8).equals(SIGNATURE) || msg.readUInt32LE(8) !== 2) {
    throw new Error('NTLM: the server did not answer with a CHALLENGE (type 2) message');
  }
  const flags = msg.readUInt32LE(20);
  const targetName = securityBuffer(msg, 12);
  return {
    flags,
    serverChallenge: Buffer.from(msg.subarray(24, 32)),
    targetInfo: msg.length >= 48 && (flags & FLAGS.TARGET_INFO) !== 0 ? Buffer.from(securityBuffer(msg, 40)) : Buffer.alloc(0),
    targetName: (flags & FLAGS.UNICODE) !== 0 ? targetName.toString('utf16le') : targetName.toString('latin1'),
  };
}

function ntowfV2(password: string, user: string, domain: string): Buffer {
  const ntHash = Buffer.from(md4.arrayBuffer(Buffer.from(password, 'utf16le')));
  return createHmac('md5', ntHash).update(Buffer.from(user.toUpperCase() + domain, 'utf16le')).digest();
}

/** Windows FILETIME (100 ns since 1601-01-01) as 8 little-endian bytes. */
function fileTime(nowMs: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE((BigInt(nowMs) + 11_644_473_600_000n) * 10_000n);
  return b;
}

/** The type-3 message for a challenge; `clientChallenge`/`nowMs` are injectable for tests. */
export function authenticateMessage(
  challenge: NtlmChallenge,
  identity: NtlmIdentity,
  options: { clientChallenge?: Buffer; nowMs?: number } = {},
): string {
  const { user, domain } = splitLogonName(identity.user, identity.domain);
  const workstation = identity.workstation ?? '';
  const clientChallenge = options.clientChallenge ?? randomBytes(8);
  const key = ntowfV2(identity.password, user, domain);
  const blob = Buffer.concat([
    Buffer.from([1, 1, 0, 0]), Buffer.alloc(4), fileTime(options.nowMs ?? Date.now()), clientChallenge, Buffer.alloc(4),
    challenge.targetInfo, Buffer.alloc(4),
  ]);
  const ntProof = createHmac('md5', key).update(Buffer.concat([challenge.serverChallenge, blob])).digest();
  const ntResponse = Buffer.concat([ntProof, blob]);
  const lmResponse = Buffer.concat([
    createHmac('md5', key).update(Buffer.concat([challenge.serverChallenge, clientChallenge])).digest(), clientChallenge,
  ]);

  const fields = [lmResponse, ntResponse, Buffer.from(domain, 'utf16le'), Buffer.from(user, 'utf16le'), Buffer.from(workstation, 'utf16le'), Buffer.alloc(0)];
  const header = Buffer.alloc(64);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(3, 8);
  let offset = header.length;
  fields.forEach((field, i) => {
    const at = 12 + i * 8;
    header.writeUInt16LE(field.length, at);
    header.writeUInt16LE(field.length, at + 2);
    header.writeUInt32LE(offset, at + 4);
    offset += field.length;
  });
  const flags = (challenge.flags & NEGOTIATE_FLAGS) | FLAGS.UNICODE | FLAGS.NTLM;
  header.writeUInt32LE(flags >>> 0, 60);
  return `NTLM ${Buffer.concat([header, ...fields]).toString('base64')}`;
}
