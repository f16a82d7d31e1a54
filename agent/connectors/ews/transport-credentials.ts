/**
 * The credentials object ews-javascript-api insists on: authentication is ProfileXhrApi's
 * job (Basic, NTLM or client certificate), so these add nothing to a request and no
 * password ever reaches the library. Shared by every ExchangeService the connector builds.
 */
import ews from 'ews-javascript-api';

/**
 * The library requires Credentials on the service; authentication is ProfileXhrApi's job,
 * so these add nothing to the request (no password ever reaches the library).
 */
export class TransportAuthenticatedCredentials extends ews.ExchangeCredentials {
  override PrepareWebRequest(): void {
    // Intentionally empty: the transport authenticates (Basic, NTLM or client certificate).
  }
}
