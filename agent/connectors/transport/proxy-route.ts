/**
 * A profile's outbound proxy as the transport uses it (issue #7): where the proxy listens,
 * which hosts bypass it, and the Basic Proxy-Authorization value when the proxy signs in.
 * The password comes from the secret store only (field `proxyPassword` unless the profile's
 * `proxy.password.secret` names another); the route lives in memory and is never logged.
 */
import type { ProxySettings } from '../../../src/profiles/proxy-fields.js';
import { proxyPasswordField } from '../../../src/profiles/proxy-fields.js';
import { bypassesProxy, readProxyUrl } from '../../../src/profiles/proxy-url.js';
import { OperatorError } from '../../../src/errors/operator-error.js';
import type { SecretStore } from '../../secrets/secret-store.js';
import { requireSecret } from '../require-secret.js';

export interface ProxyRoute {
  host: string;
  port: number;
  noProxy: readonly string[];
  /** `Basic …` for Proxy-Authorization; absent when the proxy needs no sign-in. */
  authorization?: string;
  /** For the fix of a refused sign-in: which profile and secret field to set again. */
  profile: string;
  passwordField?: string;
  user?: string;
}

/** `proxy.example:3128` — how errors and check details name the proxy (never with credentials). */
export function proxyLabel(route: Pick<ProxyRoute, 'host' | 'port'>): string {
  return `${route.host.includes(':') ? `[${route.host}]` : route.host}:${route.port}`;
}

/** True when a connection to `host` goes through the proxy. */
export function routesThroughProxy(route: ProxyRoute | undefined, host: string): route is ProxyRoute {
  return route !== undefined && !bypassesProxy(host, route.noProxy);
}

/**
 * The route for a saved profile, or undefined without a proxy. A profile that passed
 * validation has a usable URL; one that did not is refused here with the same code.
 */
export async function loadProxyRoute(profile: { name: string; proxy?: ProxySettings | undefined }, secrets: Pick<SecretStore, 'get'>): Promise<ProxyRoute | undefined> {
  const proxy = profile.proxy;
  if (!proxy) return undefined;
  const reading = readProxyUrl(proxy.url);
  if (!reading.ok) {
    throw new OperatorError({
      message: `profile ${profile.name}: proxy.url is not an http://HOST:PORT proxy (${reading.problems.join(', ')})`,
      code: 'MB_PROXY_URL_INVALID', family: 'config', field: 'proxy.url', rule: 'EX-2',
      cause: 'The profile\'s proxy URL cannot be used: only http://HOST:PORT proxies are supported.',
      fix: ['Correct proxy.url (e.g. http://proxy.example.com:3128) and save the profile again.'],
    });
  }
  const route: ProxyRoute = { ...reading.endpoint, noProxy: proxy.noProxy, profile: profile.name };
  const field = proxyPasswordField(proxy);
  if (field !== undefined && proxy.user) {
    const password = await requireSecret(secrets, profile.name, field, 'outbound proxy password');
    route.authorization = `Basic ${Buffer.from(`${proxy.user}:${password}`, 'utf8').toString('base64')}`;
    route.passwordField = field;
    route.user = proxy.user;
  }
  return route;
}

/** A route read on first use (the checks build their plan before any secret is read). */
export type ProxySource = () => Promise<ProxyRoute | undefined>;

/** The profile's route as a ProxySource, read once; undefined when the profile has no proxy. */
export function proxySourceFor(profile: { name: string; proxy?: ProxySettings | undefined }, secrets: Pick<SecretStore, 'get'> | undefined): ProxySource | undefined {
  if (!profile.proxy) return undefined;
  let loading: Promise<ProxyRoute | undefined> | undefined;
  const store: Pick<SecretStore, 'get'> = secrets ?? { get: () => Promise.resolve(undefined) };
  return () => (loading ??= loadProxyRoute(profile, store));
}
