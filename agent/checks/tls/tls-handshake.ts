/**
 * tls.handshake: the protocol version and cipher the server negotiates with Node's
 * defaults (TLS 1.2+), on the HTTPS port EX-2 found open (443, else 2610). A second probe
 * offering only TLS 1.0/1.1 tells whether the server still accepts them (warn), or —
 * when the default handshake failed — whether they are all it speaks (fail).
 * The captured chain is handed to the other tls.* checks. For a host the profile's proxy
 * carries, both probes run inside the proxy's CONNECT tunnel — the path the sync takes — so
 * the chain judged is the one the sync will see (a TLS-inspecting proxy's included).
 */
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import { STANDARD_PORTS, type NetworkTarget } from '../network-target.js';
import { portReachable, type TcpArtifact } from '../network/tcp-port.js';
import { isProxied, tunnelTo } from '../network/proxy-path.js';
import { tcpCheckId } from '../../../src/checks/check-ids.js';
import { certificateFacts } from './certificate-facts.js';
import { probeTls, type TlsProbeResult } from './tls-probe.js';
import { trustAnchors, type TrustAnchors } from './trust-anchors.js';
import type { ProxySource } from '../../connectors/transport/proxy-route.js';

/** Handed to tls.trust, tls.hostname, tls.validity and tls.signature. */
export interface TlsArtifact {
  readonly host: string;
  readonly address: string;
  readonly port: number;
  readonly handshake: Extract<TlsProbeResult, { ok: true }>;
  readonly anchors: TrustAnchors;
  readonly caFilePath: string | undefined;
  /** `profile` when the CA file is the profile's own tls.caFile. */
  readonly caFileOrigin: 'profile' | 'ad-hoc' | undefined;
  /** The profile's outbound proxy, for the HTTP checks that follow (issue #7). */
  readonly proxy?: ProxySource;
  /** `http://HOST:PORT` of the proxy whose tunnel this handshake ran through, when it did. */
  readonly seenThroughProxy?: string;
}

/** For the tls.* details: the chain was read through the proxy's tunnel (what the sync sees). */
export function seenVia(artifact: TlsArtifact): { seenThroughProxy: string } | Record<string, never> {
  return artifact.seenThroughProxy ? { seenThroughProxy: artifact.seenThroughProxy } : {};
}

const HTTPS_PORTS = [STANDARD_PORTS.https, STANDARD_PORTS.alternativeHttps] as const;

/** 443, then 2610 (EX-2); 443 alone for an HTTPS-only target (Exchange Online). */
function httpsPortsOf(target: NetworkTarget): readonly number[] {
  return target.httpsOnly ? [STANDARD_PORTS.https] : HTTPS_PORTS;
}

export function tlsHandshakeCheck(target: NetworkTarget): CheckDefinition {
  return {
    id: 'tls.handshake',
    title: 'TLS handshake',
    dependsOn: httpsPortsOf(target).map(tcpCheckId),
    async run(ctx, signal): Promise<CheckOutcome> {
      const proxied = isProxied(target) ? target : undefined;
      const open = httpsPortsOf(target).map((p) => ctx.dependency(tcpCheckId(p)).artifact as TcpArtifact).find((a) => (proxied ? portReachable(a) : a.probe.state === 'open'));
      if (!open || (!proxied && !open.probe.openAddress)) {
        return { status: 'skip', summary: 'not run: no HTTPS port is open', details: {} };
      }
      // Through the proxy the address is the proxy's business; the details name the proxy instead.
      const address = proxied ? target.host : open.probe.openAddress!;
      const port = open.probe.port;
      const anchors = trustAnchors(target.caFile, target.systemTrustStore ?? true);
      // A proxied host is probed the way the sync reaches it: TLS inside the proxy's CONNECT tunnel (#7).
      const tunnelMs = Math.max(1, Math.floor(ctx.timeoutMs * 0.8));
      const tunnel = proxied ? { tunnel: () => tunnelTo(proxied.proxyRoute, target.host, port, tunnelMs) } : {};
      const request = { address, port, host: target.host, ...(anchors.connectCa ? { ca: anchors.connectCa } : {}), ...tunnel };
      const [main, legacy] = await Promise.all([probeTls(request, signal), probeTls({ ...request, legacyOnly: true }, signal)]);
      const place = { host: target.host, address, port, logicalPort: open.logicalPort };
      const where = { ...place, ...(proxied ? { via: 'proxy', proxy: proxied.proxy } : {}) };
      const legacyProtocol = legacy.ok ? legacy.protocol : null;

      if (!main.ok) {
        const details = { ...where, code: main.code, error: main.message, elapsedMs: main.elapsedMs, legacyProtocol };
        if (main.timedOut) {
          return { status: 'fail', summary: `port ${port} accepted TCP but no TLS handshake completed within ${ctx.timeoutMs} ms`, details, diagnosis: diagnosisFor('ERR_TLS_HANDSHAKE_TIMEOUT') };
        }
        if (legacyProtocol) {
          return { status: 'fail', summary: `the server speaks only ${legacyProtocol}; TLS 1.2 or later is required`, details, diagnosis: diagnosisFor('ERR_SSL_UNSUPPORTED_PROTOCOL') };
        }
        return { status: 'fail', summary: `handshake failed: ${main.code}`, details, diagnosis: diagnosisFor(main.code) };
      }

      const artifact: TlsArtifact = {
        ...place, handshake: main, anchors, caFilePath: target.caFile?.path, caFileOrigin: target.caFile ? (target.caFile.origin ?? 'ad-hoc') : undefined,
        ...(target.proxyRoute ? { proxy: target.proxyRoute } : {}),
        ...(proxied ? { seenThroughProxy: proxied.proxy } : {}),
      };
      const leaf = main.chain[0];
      const details = {
        ...where,
        protocol: main.protocol,
        cipher: main.cipher.standardName,
        elapsedMs: main.elapsedMs,
        legacyProtocolAccepted: legacyProtocol,
        chain: main.chain.map((c) => {
          const f = certificateFacts(c);
          return { subject: f.subject, issuer: f.issuer };
        }),
        ...(leaf ? { leafSubject: certificateFacts(leaf).subject } : {}),
      };
      const negotiated = `${main.protocol}, ${main.cipher.standardName}`;
      if (legacyProtocol) {
        return { status: 'warn', summary: `${negotiated}; also accepts deprecated ${legacyProtocol}`, details, artifact, diagnosis: diagnosisFor('MB_OLD_TLS_VERSION') };
      }
      return { status: 'pass', summary: negotiated, details, artifact };
    },
  };
}
