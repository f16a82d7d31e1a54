/**
 * Check ids: a public contract (architecture.md, "Contracts"). Scripts grep reports for
 * these strings, so they change only with a report schema version bump.
 */

/** The fixed ids; TCP checks are `tcp.<port>` and built with {@link tcpCheckId}. */
export const CHECK_IDS = [
  'profile.valid',
  'dns.resolve',
  'tls.handshake',
  'tls.trust',
  'tls.hostname',
  'tls.validity',
  'tls.signature',
  'http.redirect',
  'ews.endpoint',
  'owa.endpoint',
  'eas.endpoint',
  'autodiscover',
  'auth.credentials',
  'auth.impersonation',
  'entra.token',
  'entra.permissions',
  'graph.mailbox',
] as const;

export type FixedCheckId = (typeof CHECK_IDS)[number];
export type TcpCheckId = `tcp.${number}`;
export type CheckId = FixedCheckId | TcpCheckId;

const TCP_ID = /^tcp\.(\d{1,5})$/;

export function tcpCheckId(port: number): TcpCheckId {
  return `tcp.${port}`;
}

/** The port named by a `tcp.<port>` id, or undefined for any other id. */
export function portOfTcpCheckId(id: string): number | undefined {
  const match = TCP_ID.exec(id);
  if (!match) return undefined;
  const port = Number(match[1]);
  return port >= 1 && port <= 65535 ? port : undefined;
}

export function isCheckId(id: string): id is CheckId {
  return (CHECK_IDS as readonly string[]).includes(id) || portOfTcpCheckId(id) !== undefined;
}
