/**
 * The secret values this agent process has seen (set through `secrets.set`, or read by a
 * connector or a check), so the log destination can scrub them from every line — the
 * logger's own defence, beyond pino's key-based `redact` (AG-5). Values live only in this
 * process's memory, as they already do wherever they were used.
 */
import type { SecretStore } from '../secrets/secret-store.js';

/** Shorter values are not scrubbed: a 1–3 character "secret" would blank out ordinary words. */
export const MIN_SCRUBBED_LENGTH = 4;
export const SCRUBBED = '[redacted]';

const values = new Set<string>();

export function rememberSecretValue(value: string | undefined): void {
  if (value !== undefined && value.length >= MIN_SCRUBBED_LENGTH) values.add(value);
}

/** Every spelling of a value a log line can hold: raw, and escaped inside a JSON string. */
function spellings(value: string): string[] {
  const escaped = JSON.stringify(value).slice(1, -1);
  return escaped === value ? [value] : [escaped, value];
}

/** Replaces every remembered value in `text`; longest first, so a value containing another goes whole. */
export function scrubSecretValues(text: string): string {
  if (values.size === 0) return text;
  let out = text;
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    for (const spelling of spellings(value)) if (out.includes(spelling)) out = out.split(spelling).join(SCRUBBED);
  }
  return out;
}

/** Wraps a secret store so every value going in or coming out is remembered for scrubbing. */
export function rememberingSecretStore(store: SecretStore): SecretStore {
  return {
    get backend() {
      return store.backend;
    },
    set: async (ref, value) => {
      rememberSecretValue(value);
      await store.set(ref, value);
    },
    get: async (ref) => {
      const value = await store.get(ref);
      rememberSecretValue(value);
      return value;
    },
    has: (ref) => store.has(ref),
    delete: (ref) => store.delete(ref),
    list: (profile) => store.list(profile),
    close: () => store.close(),
  };
}
