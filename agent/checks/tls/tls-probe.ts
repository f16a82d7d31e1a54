/**
 * One evidence-only TLS handshake: negotiate, read protocol, cipher, the peer's chain and
 * OpenSSL's verification verdict, then close without writing a byte. Verification is not
 * switched off — OpenSSL still verifies the chain against the given anchors and its verdict
 * (`authorizationError`, a canonical Node code) is what tls.trust classifies — but the
 * socket stays open long enough to collect the evidence a rejecting client would throw
 * away. Nothing, and certainly no credential, is ever sent over this connection; the
 * checks that send credentials open their own verified connections. Through a proxy the
 * handshake runs inside the CONNECT tunnel, so the chain is still the server's own.
 */
import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { raceSignal } from '../abortable.js';

export interface TlsProbeRequest {
  readonly address: string;
  readonly port: number;
  /** Host name for SNI (omitted for IP literals, as RFC 6066 requires). */
  readonly host: string;
  /** Trust anchors; undefined keeps Node's default store. */
  readonly ca?: string[];
  /** Offer only TLS 1.0/1.1 with every legacy cipher: used to learn whether the server still accepts them. */
  readonly legacyOnly?: boolean;
  /**
   * Opens the raw path to the server — the profile proxy's CONNECT tunnel (issue #7) — for
   * TLS on top, end to end; without it the probe connects to address:port directly.
   */
  readonly tunnel?: () => Promise<net.Socket>;
}

export type TlsProbeResult =
  | {
      readonly ok: true;
      readonly protocol: string;
      readonly cipher: { readonly name: string; readonly standardName: string };
      /** OpenSSL's chain verdict; null when the chain verified (the host name is judged separately). */
      readonly authorizationError: string | null;
      /** Leaf first, as the server sent it, extended by any issuers found in the trust store. */
      readonly chain: readonly X509Certificate[];
      /** The leaf in Node's legacy form, for tls.checkServerIdentity. */
      readonly leaf: tls.PeerCertificate;
      readonly elapsedMs: number;
    }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly timedOut: boolean; readonly elapsedMs: number };

const LEGACY_OPTIONS = { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' } as const;

function peerChain(socket: tls.TLSSocket): { chain: X509Certificate[]; leaf: tls.PeerCertificate } {
  const leaf = socket.getPeerCertificate(true);
  const chain: X509Certificate[] = [];
  const seen = new Set<tls.DetailedPeerCertificate>();
  let current: tls.DetailedPeerCertificate | undefined = leaf;
  while (current?.raw && !seen.has(current)) {
    seen.add(current);
    chain.push(new X509Certificate(current.raw));
    current = current.issuerCertificate;
  }
  return { chain, leaf };
}

export async function probeTls(request: TlsProbeRequest, signal: AbortSignal): Promise<TlsProbeResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  let raw: net.Socket | undefined;
  if (request.tunnel) {
    const pending = request.tunnel();
    try {
      raw = await raceSignal(pending, signal);
    } catch (error) {
      // A tunnel that opens after the time-out is closed at once.
      pending.then((late) => late.destroy(), () => undefined);
      if (signal.aborted) return { ok: false, code: 'ERR_TLS_HANDSHAKE_TIMEOUT', message: 'no tunnel through the proxy before the time-out', timedOut: true, elapsedMs: elapsed() };
      const e = error as { code?: unknown; message?: unknown };
      return { ok: false, code: typeof e.code === 'string' ? e.code : 'MB_PROXY_UNREACHABLE', message: String(e.message ?? error), timedOut: false, elapsedMs: elapsed() };
    }
  }
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: request.address,
      port: request.port,
      ...(raw ? { socket: raw } : {}),
      ...(net.isIP(request.host) ? {} : { servername: request.host }),
      ...(request.ca ? { ca: request.ca } : {}),
      ...(request.legacyOnly ? LEGACY_OPTIONS : {}),
      // Evidence only (see the header): the verdict is read from authorizationError below.
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });
    let settled = false;
    const settle = (result: TlsProbeResult): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = (): void =>
      settle({ ok: false, code: 'ERR_TLS_HANDSHAKE_TIMEOUT', message: 'no TLS handshake before the time-out', timedOut: true, elapsedMs: elapsed() });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      const cipher = socket.getCipher();
      const { chain, leaf } = peerChain(socket);
      const error = socket.authorizationError as unknown;
      settle({
        ok: true,
        protocol: socket.getProtocol() ?? 'unknown',
        cipher: { name: cipher.name, standardName: cipher.standardName },
        authorizationError: error === null || error === undefined ? null : String(error instanceof Error ? (error as NodeJS.ErrnoException).code ?? error.message : error),
        chain,
        leaf,
        elapsedMs: elapsed(),
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      settle({ ok: false, code: error.code ?? 'EPROTO', message: error.message, timedOut: false, elapsedMs: elapsed() }));
    socket.once('close', () =>
      settle({ ok: false, code: 'ECONNRESET', message: 'the server closed the connection during the handshake', timedOut: false, elapsedMs: elapsed() }));
  });
}
