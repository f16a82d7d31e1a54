/** What a troubleshooting session checks: a saved profile, or a server typed ad hoc (`host` or `host:port`). Pure. */
export type Target = { profile: string } | { server: string; httpsPort?: number };

export function targetLabel(target: Target): string {
  return 'profile' in target ? target.profile : `${target.server}${target.httpsPort ? `:${target.httpsPort}` : ''}`;
}

export function parseServerInput(text: string): Target | { error: string } {
  const match = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(text.trim());
  if (!match) return { error: 'enter a host name, optionally with :port (e.g. mail.example.com or mail.example.com:8443)' };
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return { error: `port ${port} is outside 1..65535` };
  return { server: match[1]!, ...(port ? { httpsPort: port } : {}) };
}
