/**
 * Redaction for the bug-report bundle (issue #8, AG-5), pure: any string under a key that
 * names a secret is replaced, and PEM private keys and bearer tokens are replaced wherever
 * they sit. Profiles hold references only and logs were scrubbed when written; this is
 * the bundle's own line of defence should either ever fail.
 */
export const REDACTED = '[redacted]';

/** Keys whose string values are secrets. A secret reference ({ "secret": "password" }) names a slot, not a value, and is kept. */
const SECRET_KEY = /^(password|passwd|clientsecret|token|accesstoken|refreshtoken|idtoken|authorization|privatekey|certificatekey|vaultkey|value|apikey|cookie)$/i;
/** Secret shapes inside any string. */
const SECRET_SHAPES: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\b(Bearer|Basic|NTLM|Negotiate)\s+[A-Za-z0-9+/=._~-]{8,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

function redactString(text: string, extraValues: readonly string[]): string {
  let out = text;
  for (const shape of SECRET_SHAPES) out = out.replace(shape, REDACTED);
  for (const value of extraValues) if (value.length >= 4 && out.includes(value)) out = out.split(value).join(REDACTED);
  return out;
}

/** A deep copy with secrets replaced; `extraValues` are known secret values to remove wherever they appear. */
export function redactDocument<T>(value: T, extraValues: readonly string[] = []): T {
  const walk = (node: unknown, key: string | undefined): unknown => {
    if (typeof node === 'string') return key !== undefined && SECRET_KEY.test(key) ? REDACTED : redactString(node, extraValues);
    if (Array.isArray(node)) return node.map((item) => walk(item, undefined));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, walk(v, k)]));
    }
    return node;
  };
  return walk(value, undefined) as T;
}

/** A log line: redacted as JSON when it is JSON, as text otherwise. */
export function redactLogLine(line: string, extraValues: readonly string[] = []): string {
  try {
    return JSON.stringify(redactDocument(JSON.parse(line) as unknown, extraValues));
  } catch {
    return redactString(line, extraValues);
  }
}
