/**
 * What the transport reports when the outbound proxy is in the way (issue #7), as
 * OperatorErrors whose `code` the connectors' error maps and the checks carry on: the proxy
 * refused its sign-in (407), could not be reached at all, or refused the tunnel. Each
 * names the proxy (host:port, never credentials) and the next step.
 */
import { OperatorError } from '../../../src/errors/operator-error.js';
import { proxyLabel, type ProxyRoute } from './proxy-route.js';

/** The proxy answered CONNECT with 407: wrong or missing proxy credentials. */
export function proxyAuthFailed(route: ProxyRoute, target: string): OperatorError {
  const signIn = route.authorization !== undefined;
  return new OperatorError({
    message: `proxy ${proxyLabel(route)} refused ${signIn ? `the sign-in of "${route.user}"` : 'the tunnel without proxy credentials'} (407 Proxy Authentication Required) for ${target}`,
    code: 'MB_PROXY_AUTH_FAILED', family: 'http-auth', field: signIn ? route.passwordField : 'proxy.user', rule: 'EX-2',
    cause: signIn
      ? 'The HTTP proxy rejected the proxy account\'s password (or does not accept Basic authentication).'
      : 'The HTTP proxy requires a sign-in, and the profile sets no proxy account.',
    fix: signIn
      ? [`Store the proxy password again: mailbridge secrets set ${route.profile} ${route.passwordField} --stdin`, 'Check proxy.user in the profile; ask the network team whether the proxy accepts Basic for this host.']
      : [`Set proxy.user in profile ${route.profile}, then store its password: mailbridge secrets set ${route.profile} proxyPassword --stdin`],
    details: { proxy: proxyLabel(route), target, status: 407 },
  });
}

/** No TCP connection to the proxy (refused, timed out, name not found). */
export function proxyUnreachable(route: ProxyRoute, target: string, error: NodeJS.ErrnoException): OperatorError {
  const code = error.code ?? 'ERROR';
  return new OperatorError({
    message: `proxy ${proxyLabel(route)} cannot be reached (${code}) for ${target}`,
    code: 'MB_PROXY_UNREACHABLE', family: code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'dns' : 'tcp', field: 'proxy.url', rule: 'EX-2',
    cause: `The agent could not open a connection to the HTTP proxy in profile ${route.profile} (${code}); no request reached the server.`,
    fix: [`Check proxy.url of profile ${route.profile} (host and port), e.g. curl -x http://${proxyLabel(route)} -I https://${target}/`, 'If this server should be reached directly, add it to proxy.noProxy.'],
    details: { proxy: proxyLabel(route), target, socketCode: code },
    underlying: error,
  });
}

/** The proxy answered CONNECT with something other than 200 or 407. */
export function proxyTunnelRefused(route: ProxyRoute, target: string, status: number, statusText: string): OperatorError {
  return new OperatorError({
    message: `proxy ${proxyLabel(route)} refused the tunnel to ${target}: ${status} ${statusText}`.trim(),
    code: 'MB_PROXY_TUNNEL_REFUSED', family: 'tcp', field: 'proxy.url', rule: 'EX-2',
    cause: 'The HTTP proxy does not allow a CONNECT tunnel to this host and port, or could not reach the server itself.',
    fix: [`Ask the network team to allow CONNECT to ${target} from this host.`, 'If the server is inside the network, add it to proxy.noProxy.'],
    details: { proxy: proxyLabel(route), target, status },
  });
}
