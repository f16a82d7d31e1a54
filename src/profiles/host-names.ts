/**
 * Host-name facts the profile rules need: is a server entry an IP address, is it a
 * syntactically valid DNS host name, and is it an Exchange Online host.
 *
 * Pure functions (node:net's isIP is a parser, not I/O) so rules and tests stay simple.
 */
import { isIP } from 'node:net';

/** True for `10.0.0.5`, `::1`, `[fe80::1]` and `10.0.0.5:443` (an IP with a port is still an IP). */
export function isIpAddress(value: string): boolean {
  const trimmed = value.trim();
  if (isIP(trimmed) !== 0) return true;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed);
  if (bracketed?.[1] !== undefined && isIP(bracketed[1]) !== 0) return true;
  const withPort = /^([^:]+):\d+$/.exec(trimmed);
  return withPort?.[1] !== undefined && isIP(withPort[1]) === 4;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, at most 253 characters. */
export function isHostName(value: string): boolean {
  const host = value.endsWith('.') ? value.slice(0, -1) : value;
  if (host.length === 0 || host.length > 253) return false;
  return host.split('.').every((label) => LABEL.test(label));
}

/** What is wrong with a server entry beyond "not a host name", so the fix can say exactly what to remove. */
export function describeServerEntry(value: string): 'url' | 'path' | 'port' | 'whitespace' | 'characters' | 'ok' {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'url';
  if (value.includes('/')) return 'path';
  if (/:\d+$/.test(value)) return 'port';
  if (/\s/.test(value)) return 'whitespace';
  return isHostName(value) ? 'ok' : 'characters';
}

/**
 * Exchange Online front doors in every cloud (worldwide, GCC High, DoD, 21Vianet).
 * A host equal to, or under, one of these is Microsoft-hosted Exchange Online, where EWS
 * is being disabled from 2026-10-01 (MC1227454): such a server needs an online profile.
 */
export const EXCHANGE_ONLINE_HOST_SUFFIXES: readonly string[] = [
  'outlook.office365.com',
  'outlook.office.com',
  'office365.com',
  'outlook.com',
  'office365.us',
  'outlook.office365.us',
  'webmail.apps.mil',
  'partner.outlook.cn',
  'partner.microsoftonline.cn',
];

export function isExchangeOnlineHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  return EXCHANGE_ONLINE_HOST_SUFFIXES.some((suffix) => h === suffix || h.endsWith(`.${suffix}`));
}
