/**
 * App-only access tokens for Microsoft Graph from @azure/msal-node, with the profile's
 * trust: MSAL's own HTTP client is replaced (system.networkClient) by one on node:https
 * with the profile's agent, so the authority (national cloud or the lab) is verified
 * against the profile's CA file and not a process-wide NODE_EXTRA_CA_CERTS (issue #7).
 * MSAL caches the token and renews it before expiry; concurrent callers share one
 * acquisition (TokenSingleFlight), so a connector asks Entra once for the authority's
 * metadata and once for a token however many mailbox workers start together (issue #7).
 * (The delegated source needs no such guard: msal-node coalesces concurrent
 * acquireTokenSilent calls itself; acquireTokenByClientCredential it does not.)
 */
import { X509Certificate } from 'node:crypto';
import type https from 'node:https';
import { ConfidentialClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { sendHttpRequest, type HttpResponse } from '../transport/https-request.js';
import type { RoundTripCounter } from '../transport/round-trip-counter.js';
import { graphContext } from './profile-graph-middleware.js';
import { TokenSingleFlight } from './token-single-flight.js';

/** MSAL's network interface over the profile's https agent. */
export class ProfileNetworkModule implements INetworkModule {
  constructor(private readonly agent: https.Agent, private readonly counter: RoundTripCounter) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(method: string, url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    let res: HttpResponse;
    try {
      res = await sendHttpRequest(this.agent, {
        method, url, headers: { ...(options?.headers ?? {}) },
        ...(options?.body !== undefined ? { body: options.body } : {}),
        ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
      }, this.counter);
    } catch (error) {
      // MSAL rewraps network failures (endpoints_resolution_error); keep the TLS/socket code.
      const record = graphContext.getStore();
      if (record) record.transportError = error as NodeJS.ErrnoException;
      throw error;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const text = res.body.toString('utf8');
    let body: unknown = {};
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      // MSAL reports the status; a non-JSON error page stays as text for the message.
      body = { error: `HTTP_${res.status}`, error_description: text.slice(0, 500) };
    }
    return { headers, body: body as T, status: res.status };
  }
}

export type AppCredential =
  | { kind: 'clientSecret'; clientSecret: string }
  | { kind: 'clientCertificate'; certificatePem: string; privateKeyPem: string };

export interface TokenSourceOptions {
  authorityHost: string;
  tenant: string;
  clientId: string;
  credential: AppCredential;
  /** The resource: the Graph origin (https://graph.microsoft.com, a national cloud, the lab). */
  graphOrigin: string;
  agent: https.Agent;
  counter: RoundTripCounter;
}

export class GraphTokenSource {
  private readonly app: ConfidentialClientApplication;
  private readonly scope: string;
  private readonly flight = new TokenSingleFlight();

  constructor(options: TokenSourceOptions) {
    const host = new URL(options.authorityHost);
    const auth: ConstructorParameters<typeof ConfidentialClientApplication>[0]['auth'] = {
      clientId: options.clientId,
      authority: `${host.origin}/${options.tenant}`,
      // A configured host is trusted as an authority without asking the public cloud's instance discovery.
      knownAuthorities: [host.host],
    };
    if (options.credential.kind === 'clientSecret') auth.clientSecret = options.credential.clientSecret;
    else {
      const cert = new X509Certificate(options.credential.certificatePem);
      auth.clientCertificate = {
        thumbprintSha256: cert.fingerprint256.replace(/:/g, ''), privateKey: options.credential.privateKeyPem, x5c: options.credential.certificatePem,
      };
    }
    this.app = new ConfidentialClientApplication({ auth, system: { networkClient: new ProfileNetworkModule(options.agent, options.counter) } });
    this.scope = `${options.graphOrigin}/.default`;
  }

  token(): Promise<string> {
    return this.flight.run(async () => {
      const result = await this.app.acquireTokenByClientCredential({ scopes: [this.scope] });
      if (!result?.accessToken) throw new Error('MSAL returned no access token');
      return result.accessToken;
    });
  }
}
