/**
 * The EX-2 verdict for one TCP check, from the probes of its own port and its partner port.
 * Pure: a table of (role, own open?, partner open?) → status and wording, so the rules of
 * the checks issue read here as data:
 * - 443 open passes; 443 closed but 2610 open passes with a note to set the integration
 *   to 2610; both closed fails.
 * - 2610 closed while 443 is open is not a failure (not needed).
 * - 80 closed only warns (no HTTP→HTTPS redirect).
 * - A port named explicitly (`--ports`) is required: closed fails.
 */
import type { CheckStatus } from '../../../src/checks/check-report.js';
import { InternalError } from '../../../src/errors/operator-error.js';
import { STANDARD_PORTS } from '../network-target.js';

export type PortRole = 'http' | 'https' | 'alternativeHttps' | 'required';

export interface PortVerdictRule {
  readonly status: CheckStatus;
  /** Appended to the port state in the summary. */
  readonly note: string;
  /** Set when the diagnosis is our own finding rather than the probe's Node code. */
  readonly code?: string;
  /** A KB code explaining the note on a pass (a pass carries no diagnosis). */
  readonly noteCode?: string;
}

type Key = `${PortRole}:${'open' | 'closed'}:${'open' | 'closed' | 'none'}`;

const RULES: Readonly<Partial<Record<Key, PortVerdictRule>>> = {
  'https:open:open': { status: 'pass', note: '' },
  'https:open:closed': { status: 'pass', note: '' },
  'https:closed:open': { status: 'pass', note: 'HTTPS answers on 2610 instead: set the integration\'s port to 2610 (EX-2)', noteCode: 'MB_PORT_443_CLOSED_USE_2610' },
  'https:closed:closed': { status: 'fail', note: 'and 2610 is closed too: no HTTPS port reachable (EX-2)' },
  'alternativeHttps:open:open': { status: 'pass', note: '' },
  'alternativeHttps:open:closed': { status: 'pass', note: '443 is closed: set the integration\'s port to 2610 (EX-2)', noteCode: 'MB_PORT_443_CLOSED_USE_2610' },
  'alternativeHttps:closed:open': { status: 'pass', note: 'not needed: 443 is open (EX-2)' },
  'alternativeHttps:closed:closed': { status: 'fail', note: 'and 443 is closed too: no HTTPS port reachable (EX-2)' },
  'http:open:none': { status: 'pass', note: '' },
  'http:closed:none': { status: 'warn', note: 'no HTTP→HTTPS redirect possible (EX-2)', code: 'MB_HTTP_PORT_CLOSED' },
  'required:open:none': { status: 'pass', note: '' },
  'required:closed:none': { status: 'fail', note: 'this port was named in --ports, so it is required' },
};

/** The role of a logical port; an explicitly named port is always `required`. */
export function roleOfPort(logicalPort: number, requiredPorts: readonly number[]): PortRole {
  if (requiredPorts.includes(logicalPort)) return 'required';
  if (logicalPort === STANDARD_PORTS.https) return 'https';
  if (logicalPort === STANDARD_PORTS.alternativeHttps) return 'alternativeHttps';
  if (logicalPort === STANDARD_PORTS.http) return 'http';
  return 'required';
}

/** The port whose state the verdict of `role` also depends on (the other HTTPS port), if any. */
export function partnerPort(role: PortRole): number | undefined {
  if (role === 'https') return STANDARD_PORTS.alternativeHttps;
  if (role === 'alternativeHttps') return STANDARD_PORTS.https;
  return undefined;
}

export function portVerdict(role: PortRole, ownOpen: boolean, partnerOpen: boolean | undefined): PortVerdictRule {
  const partner = partnerPort(role) === undefined ? 'none' : partnerOpen ? 'open' : 'closed';
  const rule = RULES[`${role}:${ownOpen ? 'open' : 'closed'}:${partner}`];
  if (!rule) throw new InternalError(`port verdict: no rule for ${role}/${ownOpen}/${partner}`);
  return rule;
}
