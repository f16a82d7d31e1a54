/**
 * Typed errors for everything mailbridge reports to a person.
 *
 * Two kinds, after the split the Shopify CLI kit makes between AbortError and BugError:
 * - OperatorError: the operator can fix it. It carries the same shape as a diagnosis
 *   knowledge-base entry (canonical code, family, cause, fix steps), so a failed check,
 *   a rejected profile field and a refused CLI flag all read alike.
 * - InternalError: our bug. Reported with context and exit code 3.
 */

/** Families from architecture.md ("Contracts"): the grouping every diagnosis carries. */
export const ERROR_FAMILIES = [
  'tls', 'dns', 'tcp', 'http-auth', 'entra', 'graph', 'ews', 'throttling',
  'ntlm-md4', 'mfa', 'permissions', 'mailbox', 'sync-state', 'config', 'other',
] as const;
export type ErrorFamily = (typeof ERROR_FAMILIES)[number];

/** The diagnosis shape shared by errors, check results and KB entries. */
export interface Diagnosis {
  /** Canonical code: AADSTS…, Error…, ECONNREFUSED, HTTP_401, MB_… */
  code: string;
  family: ErrorFamily;
  /** What went wrong, in one or two sentences an operator understands. */
  cause: string;
  /** Steps the operator can carry out, in order. */
  fix: string[];
}

export interface OperatorErrorInit extends Diagnosis {
  /** The short message shown first, e.g. `server: "10.0.0.5" is an IP address`. */
  message: string;
  /** Requirement ID the rule comes from (EX-7, O365-3, …), when there is one. */
  rule?: string;
  /** Field path or flag the error is about, when there is one. */
  field?: string;
  /** Extra structured context; never secrets. */
  details?: Record<string, unknown>;
  /** Exit code for the CLI: 1 a failure, 2 usage or invalid input. */
  exitCode?: 1 | 2;
  /** Underlying error, kept for logs (never shown raw to the operator). */
  underlying?: unknown;
}

export class OperatorError extends Error implements Diagnosis {
  readonly code: string;
  readonly family: ErrorFamily;
  /** The explanation, as in the KB (Error's own `cause` slot is reused for it). */
  override readonly cause: string;
  readonly fix: string[];
  readonly rule: string | undefined;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly exitCode: 1 | 2;
  readonly underlying: unknown;

  constructor(init: OperatorErrorInit) {
    super(init.message);
    this.name = 'OperatorError';
    this.code = init.code;
    this.family = init.family;
    this.cause = init.cause;
    this.underlying = init.underlying;
    this.fix = init.fix;
    this.rule = init.rule;
    this.field = init.field;
    this.details = init.details;
    this.exitCode = init.exitCode ?? 1;
  }

  /** Plain JSON form for reports and the wire (JSON-RPC error `data`). */
  toJSON(): Record<string, unknown> {
    return {
      message: this.message,
      code: this.code,
      family: this.family,
      cause: this.cause,
      fix: this.fix,
      ...(this.rule ? { rule: this.rule } : {}),
      ...(this.field ? { field: this.field } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** A defect in mailbridge itself; the CLI exits 3. */
export class InternalError extends Error {
  constructor(message: string, readonly context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
  }
}

export function isOperatorError(e: unknown): e is OperatorError {
  return e instanceof OperatorError;
}
