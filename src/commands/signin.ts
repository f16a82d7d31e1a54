/**
 * `mailbridge signin <profile> --user <address>`: a staff member connects their own
 * Microsoft 365 mailbox to a delegated profile (O365-2) or re-authenticates after the
 * connection stopped working (O365-5). Runs the device code sign-in in this process: the
 * page and code go to stderr, the stored sign-in (token cache with the refresh token) goes
 * to the secret store, never to stdout, the config file or argv. Then "Validate connection"
 * is `mailbridge check <profile>`.
 */
import type { Command } from 'commander';
import { diagnoseError, toCheckDiagnosis } from '../diagnosis/index.js';
import { isOperatorError, OperatorError } from '../errors/operator-error.js';
import { stateDir } from '../paths.js';
import { isOnlineProfile } from '../profiles/profile-schema.js';
import { withProfileAccess } from './profile-access/profile-access.js';

interface SigninFlags {
  user: string;
  timeout?: string;
}

export function register(program: Command): void {
  program
    .command('signin <profile>')
    .description("connect a user's own Microsoft 365 mailbox by Microsoft sign-in (device code); also re-authenticates (O365-2, O365-5)")
    .requiredOption('--user <address>', 'the staff member who signs in (their own mailbox)')
    .option('--timeout <seconds>', 'give up waiting for the sign-in after this many seconds (default: the code lifetime, 15 minutes)')
    .addHelpText('after', `
Examples:
  mailbridge signin "Contoso Online" --user anna@contoso.com         # first connection (O365-2)
  mailbridge signin "Contoso Online" --user anna@contoso.com --timeout 600
  mailbridge check "Contoso Online"                                  # then: Validate connection`)
    .action(async (name: string, flags: SigninFlags) => {
      const profile = await withProfileAccess((access) => access.get(name));
      if (!isOnlineProfile(profile) || profile.credentials.kind !== 'delegated') {
        throw new OperatorError({
          message: `profile ${name}: sign-in applies to Exchange Online profiles with credentials.kind "delegated"`,
          code: 'MB_SIGNIN_NOT_DELEGATED', family: 'config', field: 'credentials.kind', rule: 'O365-2', exitCode: 2,
          cause: 'Only a delegated profile connects each user through Microsoft sign-in; app-only profiles use the app\'s client secret or certificate.',
          fix: ['Set credentials.kind to "delegated" in the profile, or store the app credential with mailbridge secrets set.'],
        });
      }
      const timeout = flags.timeout === undefined ? undefined : Number(flags.timeout);
      if (timeout !== undefined && (!Number.isInteger(timeout) || timeout <= 0)) {
        throw new OperatorError({
          message: `--timeout: "${flags.timeout}" is not a positive number of seconds`, code: 'MB_SIGNIN_BAD_FLAG', family: 'config', field: '--timeout', exitCode: 2,
          cause: 'The timeout is how long to wait for the user to finish signing in.', fix: ['Pass whole seconds, e.g. --timeout 600.'],
        });
      }
      const { openSecretStore } = await import('../../agent/secrets/open-secret-store.js');
      const { signInDelegatedUser } = await import('../../agent/connectors/graph/delegated-connection.js');
      const secrets = await openSecretStore({ stateDir: stateDir(), env: process.env });
      try {
        const result = await signInDelegatedUser(profile, secrets, flags.user, (prompt) => {
          process.stderr.write(`${prompt.message}\n`);
        }, timeout !== undefined ? { timeoutSeconds: timeout } : {});
        process.stdout.write(`signed in as ${result.username}; validate the connection with: mailbridge check ${name}\n`);
      } catch (error) {
        throw signinFailure(error, flags.user);
      } finally {
        await secrets.close();
      }
    });
}

/**
 * A failed sign-in as the operator should read it: MSAL's errors name the protocol error
 * (authorization_declined, expired_token, an AADSTS number) in a raw message, so the
 * diagnosis knowledge base turns them into the code, cause and fix steps (O365-2, O365-5).
 */
function signinFailure(error: unknown, user: string): unknown {
  if (isOperatorError(error)) return error;
  const diagnosis = toCheckDiagnosis(diagnoseError(error));
  if (!diagnosis) return error;
  const raw = error instanceof Error ? error.message : String(error);
  return new OperatorError({ ...diagnosis, message: `sign-in of ${user} failed: ${diagnosis.code}: ${raw}`, rule: 'O365-2', underlying: error });
}
