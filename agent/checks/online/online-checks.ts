/**
 * The checks for an Exchange Online profile after the network and TLS checks of the
 * authority host:
 *
 *   tls.* ─→ entra.token ─→ entra.permissions ─→ graph.mailbox
 */
import type { CheckDefinition } from '../check-definition.js';
import { entraPermissionsCheck } from './entra-permissions.js';
import { entraTokenCheck } from './entra-token.js';
import { graphMailboxCheck } from './graph-mailbox.js';
import type { OnlineCheckTarget } from './online-target.js';

export function onlineChecks(target: OnlineCheckTarget): CheckDefinition[] {
  return [entraTokenCheck(target), entraPermissionsCheck(target), graphMailboxCheck(target)];
}
