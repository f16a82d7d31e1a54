/**
 * Reading what `mailbridge signin` writes: the device code prompt on stderr (Microsoft's
 * sentence "To sign in, use a web browser to open the page URL and enter the code CODE to
 * authenticate.", which the lab reproduces), the success line on stdout, and an error as
 * the CLI renders it (operator error: message, cause, fix steps; anything else: one
 * "internal error" line). Pure, so the parsing is tested without a child process.
 */

export interface DevicePrompt {
  verificationUri: string;
  userCode: string;
  /** Microsoft's whole sentence, shown when the page or code cannot be picked out. */
  message: string;
}

export interface SigninFailure {
  message: string;
  cause?: string;
  fix: string[];
  /** The text handed to the diagnosis KB (diagnose.explain). */
  diagnosable: string;
}

const URL_PATTERN = /https?:\/\/[^\s"']+[^\s"'.,;)]/;
const CODE_PATTERN = /\bcode\s+([A-Z0-9-]{4,})\b/;

/** The device code prompt in a chunk of stderr, when it is there. */
export function parseDevicePrompt(text: string): DevicePrompt | undefined {
  for (const line of text.split('\n')) {
    const url = URL_PATTERN.exec(line);
    const code = CODE_PATTERN.exec(line);
    if (url && code) return { verificationUri: url[0], userCode: code[1]!, message: line.trim() };
  }
  return undefined;
}

/** `signed in as X; …` on stdout. */
export function parseSignedIn(stdout: string): string | undefined {
  return /^signed in as (\S+?);/m.exec(stdout)?.[1];
}

/** The error the CLI printed (src/cli/render-error.ts), with the prompt and the bug-report boilerplate left out. */
export function parseSigninFailure(stderr: string, exitCode: number | null): SigninFailure {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !parseDevicePrompt(l) && !l.startsWith('This is a bug in mailbridge'));
  const errorLine = lines.find((l) => /^(internal )?error: /.test(l));
  // The screen says whose sign-in failed itself; the CLI's own "sign-in of USER failed:" would repeat it.
  const message = errorLine?.replace(/^(internal )?error: /, '').replace(/^sign-in of \S+ failed: /, '') ?? (lines.at(-1)?.trim() || `mailbridge signin ended with exit code ${exitCode ?? 'unknown'}`);
  const cause = lines.find((l) => /^\s+cause: /.test(l))?.replace(/^\s+cause: /, '');
  const fix = lines.filter((l) => /^\s+\d+\. /.test(l)).map((l) => l.replace(/^\s+\d+\. /, ''));
  return { message, ...(cause ? { cause } : {}), fix, diagnosable: lines.join('\n') || message };
}
