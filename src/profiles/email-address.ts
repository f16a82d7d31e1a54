/**
 * E-mail address syntax for notification addresses (EX-11), staff (EX-15, MEM-5) and
 * shared mailboxes (O365-4), and the semicolon-separated list format of EX-11.
 *
 * Deliberately the practical subset an Exchange recipient address uses (RFC 5321
 * dot-atom local part, host-name domain), not the full RFC 5322 grammar: quoted local
 * parts and address literals are not valid Exchange SMTP addresses anyway.
 */
import { isHostName } from './host-names.js';

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i;

export function isEmailAddress(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  return local.length <= 64 && LOCAL_PART.test(local) && domain.includes('.') && isHostName(domain);
}

/** Splits an EX-11 list ("a@x; b@y;") into trimmed entries, dropping empty ones from stray separators. */
export function splitAddressList(list: string): string[] {
  return list
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}
