/** The sign-in screen's small pure pieces: which profiles sign users in, and the time-gone text. */

/** O365-2: an Exchange Online profile whose users sign in themselves (device code). */
export function isDelegatedProfile(profile: Record<string, unknown> | undefined): boolean {
  const credentials = profile?.credentials as { kind?: unknown } | undefined;
  return profile?.kind === 'exchange-online' && credentials?.kind === 'delegated';
}

/** "0:07", "12:30": minutes and seconds since the code was shown. */
export function elapsedText(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
