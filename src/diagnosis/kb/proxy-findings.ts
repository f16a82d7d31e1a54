/**
 * MB_ codes about the outbound HTTP proxy (issue #7): the profile rules that keep a proxy
 * setting usable, and what the transport reports when the proxy refuses or cannot be
 * reached. HTTPS goes through the proxy in a CONNECT tunnel (RFC 9110 §9.3.6) with TLS end
 * to end, so a proxy problem shows before any TLS or EWS/Graph answer.
 */
import type { DocLink, KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

const PROXY_DOCS = {
  connect: { title: 'RFC 9110: the CONNECT method', url: 'https://www.rfc-editor.org/rfc/rfc9110.html#name-connect' },
  status407: { title: 'RFC 9110: 407 Proxy Authentication Required', url: 'https://www.rfc-editor.org/rfc/rfc9110.html#name-407-proxy-authentication-re' },
  uri: { title: 'RFC 3986: URI generic syntax', url: 'https://www.rfc-editor.org/rfc/rfc3986' },
  nodeHttpConnect: { title: "Node.js: http.ClientRequest 'connect' event", url: 'https://nodejs.org/api/http.html#event-connect' },
} satisfies Record<string, DocLink>;

function proxyEntry(code: string, family: KbEntry['family'], title: string, cause: string, fix: string[], docs: DocLink[], rules: string[] = ['EX-2', 'AG-2']): KbEntry {
  return { code, family, title, cause, fix, patterns: {}, docs, rules, basis: 'doc', specificity: 88 };
}

const CHECK_AGAIN = 'Save the profile again; `mailbridge check <profile>` shows the profile.valid result.';

export const PROXY_ENTRIES: KbEntry[] = [
  proxyEntry('MB_PROXY_URL_INVALID', 'config', 'Proxy URL is not a URL', 'The profile\'s proxy.url cannot be read as a URL.', ['Write it as http://HOST:PORT, e.g. http://proxy.example.com:3128.', CHECK_AGAIN], [PROXY_DOCS.uri]),
  proxyEntry('MB_PROXY_SCHEME_UNSUPPORTED', 'config', 'Proxy URL scheme not supported', 'mailbridge talks to proxies in plain HTTP and tunnels HTTPS through them with CONNECT; https://, socks:// and other schemes are not supported. A proxy given as https:// while it speaks plain HTTP also fails with ERR_SSL_WRONG_VERSION_NUMBER in other tools.', ['Write the proxy URL with http:// (Squid and most corporate proxies speak plain HTTP to clients even for https:// targets).', CHECK_AGAIN], [PROXY_DOCS.connect]),
  proxyEntry('MB_PROXY_URL_HAS_CREDENTIALS', 'config', 'Proxy URL carries a password', 'A user name or password written into proxy.url would sit in the profile file; secrets never go there (AG-5).', ['Remove USER:PASSWORD@ from the URL and set proxy.user.', 'Store the password with `mailbridge secrets set PROFILE proxyPassword --stdin`.'], [PROXY_DOCS.uri], ['AG-5', 'EX-2']),
  proxyEntry('MB_PROXY_HOST_INVALID', 'config', 'Proxy URL names no usable host', 'The host part of proxy.url is empty or not a valid host name or IP address.', ['Write the proxy\'s host name or IP address, e.g. http://proxy.example.com:3128.', CHECK_AGAIN], [PROXY_DOCS.uri]),
  proxyEntry('MB_PROXY_PORT_MISSING', 'config', 'Proxy URL has no port', 'proxy.url must name the proxy\'s port explicitly; proxies seldom listen on the scheme\'s default port 80.', ['Add the port, e.g. http://proxy.example.com:3128 or :8080 (ask the network team, or read it from the browser\'s proxy settings).', CHECK_AGAIN], [PROXY_DOCS.uri]),
  proxyEntry('MB_PROXY_URL_HAS_PATH', 'config', 'Proxy URL has a path', 'A proxy is addressed by host and port only; a path, query or fragment (for example a PAC file URL) is not a proxy.', ['Write just http://HOST:PORT; for a PAC file, read the proxy it returns for the Exchange or Microsoft 365 host.', CHECK_AGAIN], [PROXY_DOCS.uri]),
  proxyEntry('MB_NO_PROXY_ENTRY_INVALID', 'config', 'noProxy entry is not a host pattern', 'Each proxy.noProxy entry must be a host name, a domain (.example.com covers it and every host below), an IP address, or * — not a URL or a port.', ['Correct or remove the entry the message names.', CHECK_AGAIN], [PROXY_DOCS.uri]),
  proxyEntry('MB_PROXY_USER_REQUIRED', 'config', 'Proxy password without a proxy user', 'proxy.password names a secret but proxy.user is empty; Basic proxy authentication needs both.', ['Set proxy.user to the proxy account, or remove proxy.password if the proxy needs no sign-in.', CHECK_AGAIN], [PROXY_DOCS.status407]),
  proxyEntry('MB_PROXY_AUTH_FAILED', 'http-auth', 'Proxy refused the proxy credentials (407)', 'The HTTP proxy answered 407 Proxy Authentication Required to the CONNECT request: no proxy credentials were sent, the proxy password is wrong, or the proxy wants a scheme other than Basic (Negotiate/NTLM-only proxies are not supported).', ['Set the proxy account in the profile (proxy.user) and store its password again: `mailbridge secrets set PROFILE proxyPassword --stdin`.', 'Ask the network team whether the proxy accepts Basic authentication for this host, or add the server to the proxy\'s allow list without authentication.'], [PROXY_DOCS.status407, PROXY_DOCS.connect], ['EX-2', 'AG-2', 'AG-5']),
  proxyEntry('MB_PROXY_UNREACHABLE', 'tcp', 'HTTP proxy cannot be reached', 'The agent could not open a TCP connection to the proxy named in proxy.url (refused, timed out, or its name does not resolve), so no request reached the server.', ['Check proxy.url\'s host and port (e.g. `curl -x http://HOST:PORT -I https://SERVER/`).', 'Check that a firewall lets this host reach the proxy; if the server should be reached directly, list it in proxy.noProxy.'], [PROXY_DOCS.nodeHttpConnect, DOCS.nodeSystemErrors]),
  proxyEntry('MB_REACHED_ONLY_THROUGH_PROXY', 'tcp', 'Server reached only through the proxy', 'This host cannot resolve or connect to the Exchange server directly (DNS, or the TCP port refused, timed out or unreachable), but the profile sends its traffic through the HTTP proxy and the proxy\'s CONNECT tunnel reaches the server. The sync uses that tunnel, so direct connections from this host are not required; the TLS checks read the server\'s certificate through the tunnel.', ['Nothing to do when the proxy is the intended way out: the warning only records that the direct path is closed.', 'If this host should reach the server directly (an internal server), list it in proxy.noProxy and open the firewall for the port the check names.'], [PROXY_DOCS.connect]),
  proxyEntry('MB_PROXY_TUNNEL_REFUSED', 'tcp', 'HTTP proxy refused the tunnel', 'The proxy answered the CONNECT request with an error other than 407: it does not allow tunnels to this host or port (403), could not reach the server itself (502/504), or is not an HTTP proxy.', ['Ask the network team to allow CONNECT to the server\'s HTTPS port (443, or 2610 when that is used) from this host.', 'If the server is inside the network, list it in proxy.noProxy so it is reached directly.'], [PROXY_DOCS.connect, DOCS.httpSemantics]),
];
