/**
 * The outbound HTTP proxy a profile's connections go through (issue #7): corporate hosts
 * often reach Exchange and Microsoft 365 only through one. Shared by on-premises and online
 * profiles; absent means direct connections, so every profile saved before stays valid.
 *
 * Only the shape lives here; what makes a usable proxy URL is in profile-rules-proxy.ts so
 * each finding names its code and fix. The proxy password is a secret: the profile holds a
 * reference (`proxy.password`, default field `proxyPassword`), never the value (AG-5).
 */
import { z } from 'zod';
import { secretReferenceSchema } from './secret-reference.js';

/** The secret-store field of the proxy password unless `proxy.password.secret` names another. */
export const PROXY_PASSWORD_FIELD = 'proxyPassword';

export const proxySchema = z.strictObject({
  /** `http://HOST:PORT` — an HTTP proxy that tunnels HTTPS with CONNECT. */
  url: z.string(),
  /** Hosts reached directly: `mail.example.com`, `.example.com` / `*.example.com` (the domain and below), an IP, or `*`. */
  noProxy: z.array(z.string()).default([]),
  /** Proxy account for Basic proxy authentication; the password is the secret `proxy.password` names. */
  user: z.string().optional(),
  password: secretReferenceSchema.optional(),
});
export type ProxySettings = z.output<typeof proxySchema>;

/** The store field holding the proxy password of a profile whose proxy authenticates, else undefined. */
export function proxyPasswordField(proxy: ProxySettings | undefined): string | undefined {
  if (!proxy?.user) return undefined;
  return proxy.password?.secret ?? PROXY_PASSWORD_FIELD;
}
