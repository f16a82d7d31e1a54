/**
 * The Exchange checks that follow the network and TLS checks for an on-premises server:
 *
 *   tls.* ─→ ews.endpoint ─→ auth.credentials ─→ auth.impersonation | eas.endpoint | autodiscover
 *        └→ owa.endpoint
 *
 * Every one of them waits for all tls.* checks (TLS_GATE), so nothing — least of all a
 * credential — is sent to a server whose certificate failed.
 */
import type { CheckDefinition } from '../check-definition.js';
import { authCredentialsCheck } from './auth-credentials.js';
import { authImpersonationCheck } from './auth-impersonation.js';
import { autodiscoverCheck } from './autodiscover.js';
import { easEndpointCheck } from './eas-endpoint.js';
import { ewsEndpointCheck } from './ews-endpoint.js';
import type { ExchangeCheckTarget } from './exchange-target.js';
import { owaEndpointCheck } from './owa-endpoint.js';

export function exchangeChecks(target: ExchangeCheckTarget): CheckDefinition[] {
  return [
    ewsEndpointCheck(target),
    owaEndpointCheck,
    easEndpointCheck,
    autodiscoverCheck(target),
    authCredentialsCheck(target),
    authImpersonationCheck(target),
  ];
}
