/**
 * Typed connector failures, so the sync engine can act on kind rather than text:
 * - ResyncRequiredError: the server no longer accepts a sync state / delta link
 *   (EWS ErrorInvalidSyncStateData, Graph 410 SyncStateNotFound) → full reconcile.
 * - ThrottledError: the server asked us to wait (EWS ErrorServerBusy + BackOffMilliseconds,
 *   Graph 429 + Retry-After) → pause the mailbox for `retryAfterMs`, never reset state.
 * - ConnectorError: everything else, with the canonical code (EWS response code as sent,
 *   Graph error code, HTTP_<n>, Node/OpenSSL err.code).
 * All are OperatorErrors, so the console and the summary show cause and fix alike.
 */
import { OperatorError, type ErrorFamily } from '../../src/errors/operator-error.js';
import type { ConnectorProtocol } from './connector.js';

export interface ConnectorErrorInit {
  protocol: ConnectorProtocol;
  code: string;
  message: string;
  httpStatus?: number;
  mailbox?: string;
  underlying?: unknown;
  /** Requirement ID, when the error enforces one (O365-3). */
  rule?: string;
}

interface CodeFacts {
  family: ErrorFamily;
  cause: string;
  fix: string[];
}

/** Known codes; anything else falls back to the family of its shape (see familyOf). */
const CODE_FACTS: Record<string, CodeFacts> = {
  ErrorInvalidSyncStateData: {
    family: 'sync-state', cause: 'Exchange no longer accepts the stored sync state (mailbox moved, state too old or damaged).',
    fix: ['Nothing to do: the folder is read again in full and reconciled by id, without duplicates.'],
  },
  SyncStateNotFound: {
    family: 'sync-state', cause: 'Microsoft Graph dropped the delta token (tokens are evicted from a cache, e.g. after a server restart).',
    fix: ['Nothing to do: the folder is read again in full and reconciled by id, without duplicates.'],
  },
  ErrorServerBusy: {
    family: 'throttling', cause: "The sync account's EWS throttling budget is used up; Exchange asks to wait before the next request.",
    fix: ['Requests resume after the delay the server gave.', 'If it persists, give the sync account its own throttling policy (New-ThrottlingPolicy, Set-ThrottlingPolicyAssociation).'],
  },
  ApplicationThrottled: {
    family: 'throttling', cause: "Microsoft Graph's per-mailbox limit for this app is exceeded (429 with Retry-After).",
    fix: ['Requests resume after the Retry-After delay.', 'Lower the number of mailboxes synced in parallel if it keeps happening.'],
  },
  ErrorImpersonateUserDenied: {
    family: 'permissions', cause: 'The sync account may not impersonate this mailbox (ApplicationImpersonation role missing or out of scope).',
    fix: ['New-ManagementRoleAssignment -Role ApplicationImpersonation -User <sync account> [-CustomRecipientWriteScope <scope>]'],
  },
  ErrorNonExistentMailbox: {
    family: 'mailbox', cause: 'The mailbox address does not exist on this Exchange server.', fix: ['Check the staff member\'s address in the profile.'],
  },
  ErrorInvalidUser: {
    family: 'mailbox', cause: 'Microsoft Graph does not know this mailbox address.', fix: ['Check the address in the profile.'],
  },
  MailboxNotEnabledForRESTAPI: {
    family: 'mailbox', cause: 'The mailbox is on-premises, inactive or unlicensed, so Graph cannot reach it.', fix: ['License the mailbox in Exchange Online or sync it through an on-premises profile.'],
  },
  ErrorAccessDenied: {
    family: 'permissions', cause: 'The app lacks a permission for this mailbox (consent missing or an access policy excludes it).',
    fix: ['Grant admin consent for the application permissions mailbridge needs.', 'Check RBAC for Applications / application access policy scope.'],
  },
  HTTP_401: {
    family: 'http-auth', cause: 'The server refused the credentials.', fix: ['Check user name, domain and password of the sync account (mailbridge secrets set PROFILE password --stdin).'],
  },
  HTTP_403: { family: 'http-auth', cause: 'The server refused access (EWS disabled for the account or the organisation?).', fix: ['Set-CASMailbox <account> -EWSEnabled $true, or check the organisation setting.'] },
  MB_FOLDER_TOO_DEEP: {
    family: 'config', cause: 'Folder selection reaches at most 5 levels below the mailbox root (O365-3).', fix: ['Select a folder at most 5 levels deep.'],
  },
  MB_FOLDER_NOT_FOUND: { family: 'config', cause: 'No folder has this path in the mailbox.', fix: ['Check the folder path (display names separated by "/").'] },
};

function familyOf(code: string, protocol: ConnectorProtocol): ErrorFamily {
  if (/^(CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_TLS|ERR_SSL|ERR_OSSL)/.test(code)) return 'tls';
  if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH)$/.test(code)) return 'tcp';
  if (/^(ENOTFOUND|EAI_AGAIN)$/.test(code)) return 'dns';
  if (/^AADSTS/.test(code)) return 'entra';
  return protocol === 'ews' ? 'ews' : 'graph';
}

function facts(code: string, protocol: ConnectorProtocol): CodeFacts {
  return CODE_FACTS[code] ?? {
    family: familyOf(code, protocol),
    cause: `The ${protocol === 'ews' ? 'Exchange (EWS)' : 'Microsoft Graph'} request failed with ${code}.`,
    fix: [`Run "mailbridge diagnose ${code}" for the cause and the fix.`],
  };
}

/**
 * A transport failure that already is an OperatorError (the profile's proxy refused the
 * sign-in or the tunnel, issue #7) keeps its own family, cause and fix inside the
 * ConnectorError, which names the profile and the secret to set again.
 */
export function transportFacts(error: unknown): Partial<CodeFacts> {
  return error instanceof OperatorError ? { family: error.family, cause: error.cause, fix: error.fix } : {};
}

export class ConnectorError extends OperatorError {
  readonly protocol: ConnectorProtocol;
  readonly httpStatus: number | undefined;
  readonly mailbox: string | undefined;

  constructor(init: ConnectorErrorInit, overrides: Partial<CodeFacts> = {}) {
    const f = { ...facts(init.code, init.protocol), ...overrides };
    super({
      message: init.message, code: init.code, family: f.family, ...(init.rule ? { rule: init.rule } : {}), cause: f.cause, fix: f.fix, underlying: init.underlying,
      details: { protocol: init.protocol, ...(init.httpStatus !== undefined ? { httpStatus: init.httpStatus } : {}), ...(init.mailbox ? { mailbox: init.mailbox } : {}) },
    });
    this.name = 'ConnectorError';
    this.protocol = init.protocol;
    this.httpStatus = init.httpStatus;
    this.mailbox = init.mailbox;
  }
}

/** The stored state is no longer valid: read the folder again in full and reconcile. */
export class ResyncRequiredError extends ConnectorError {
  constructor(init: ConnectorErrorInit) {
    super(init, { family: 'sync-state' });
    this.name = 'ResyncRequiredError';
  }
}

/** The server asked to wait `retryAfterMs` before the next request for this mailbox/account. */
export class ThrottledError extends ConnectorError {
  readonly retryAfterMs: number;

  constructor(init: ConnectorErrorInit & { retryAfterMs: number }) {
    super(init, { family: 'throttling' });
    this.name = 'ThrottledError';
    this.retryAfterMs = init.retryAfterMs;
  }
}

export function isResyncRequired(e: unknown): e is ResyncRequiredError {
  return e instanceof ResyncRequiredError;
}

export function isThrottled(e: unknown): e is ThrottledError {
  return e instanceof ThrottledError;
}

/** A folder selection error (O365-3), raised before any request. */
export function folderTooDeepError(protocol: ConnectorProtocol, path: string, depth: number): ConnectorError {
  return new ConnectorError({ protocol, code: 'MB_FOLDER_TOO_DEEP', rule: 'O365-3', message: `folder "${path}" is ${depth} levels deep; at most 5 are allowed (O365-3)` });
}
