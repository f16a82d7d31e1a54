/**
 * O365-5: the per-user Microsoft 365 connection is no longer active (refresh token revoked,
 * expired by inactivity or by sign-in frequency, or never signed in), so nothing can be
 * synced until the user signs in again. One typed error the sync engine, the checks and the
 * console all recognise (`instanceof` or `code`), carrying the exact sentence O365-5 asks
 * for and the command that re-authenticates.
 */
import { ConnectorError } from '../connectors/connector-errors.js';

/** The sentence O365-5 prescribes, word for word. */
export const REAUTH_MESSAGE = 'connection no longer active, please re-authenticate';
/**
 * Code when Entra gave no AADSTS number (no account in the cache: never signed in or signed
 * out): the diagnosis KB's entry for the O365-5 symptom.
 */
export const REAUTH_CODE = 'MB_CONNECTION_NO_LONGER_ACTIVE';

/** AADSTS codes that mean "the stored sign-in is gone", with the cause each names. */
const CAUSES: Readonly<Record<string, string>> = {
  AADSTS50173: 'Microsoft revoked the stored sign-in (the password was changed or reset, or an administrator revoked the sessions).',
  AADSTS700082: 'The stored sign-in expired because it was not used for 90 days.',
  AADSTS70043: 'A Conditional Access sign-in frequency policy requires the user to sign in again.',
  AADSTS70008: 'The stored sign-in has expired or was revoked.',
  AADSTS50132: 'The session was revoked (password change or administrator action).',
  AADSTS50133: 'The session became invalid after a password change.',
  AADSTS70000: 'The stored sign-in is invalid or was issued to another application.',
  AADSTS9002313: 'The stored sign-in is unreadable.',
  MB_REAUTH_WRONG_ACCOUNT: 'A different Microsoft account signed in than the mailbox this connection is for; nothing of that sign-in was kept.',
  [REAUTH_CODE]: 'No Microsoft sign-in is stored for this user (never connected, or the stored sign-in was removed).',
};

export function reauthenticationCommand(profile: string, user: string): string {
  return `mailbridge signin ${profile} --user ${user}`;
}

/**
 * A ConnectorError (so the Graph connector passes it through untouched and the sync engine
 * sees it like any typed connector failure) and therefore an OperatorError.
 */
export class ReauthenticationRequiredError extends ConnectorError {
  readonly profile: string;
  readonly user: string;

  constructor(init: { profile: string; user: string; aadsts?: string; underlying?: unknown }) {
    const code = init.aadsts ?? REAUTH_CODE;
    super({ protocol: 'graph', code, message: REAUTH_MESSAGE, mailbox: init.user, rule: 'O365-5', underlying: init.underlying }, {
      family: 'entra',
      cause: CAUSES[code] ?? `Entra refused the stored sign-in (${code}).`,
      fix: [
        `Sign in again as ${init.user}: ${reauthenticationCommand(init.profile, init.user)} (or in the console: choose the profile, then "Re-authenticate").`,
        'Open the page shown, enter the code and sign in with the Microsoft account; then run "Validate connection" (mailbridge check).',
      ],
    });
    this.name = 'ReauthenticationRequiredError';
    this.profile = init.profile;
    this.user = init.user;
  }
}

export function isReauthenticationRequired(error: unknown): error is ReauthenticationRequiredError {
  return error instanceof ReauthenticationRequiredError;
}
