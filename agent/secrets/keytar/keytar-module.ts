/**
 * Loading keytar, the optional native binding to the D-Bus Secret Service. It is an
 * optionalDependency (it builds only where libsecret-1-dev is present), so it is
 * imported dynamically by a specifier TypeScript does not resolve: mailbridge builds,
 * type-checks and runs without it.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The part of keytar's API mailbridge uses. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}

export type KeytarLocation = { ok: true; url: string } | { ok: false; reason: string };
export type KeytarLoad = { ok: true; api: KeytarApi } | { ok: false; reason: string };

const NOT_INSTALLED =
  'the optional keytar module is not installed (it is built on npm install only when libsecret-1-dev is present)';

/** Where keytar would load from, without loading it (the probe loads it in a child). */
export function locateKeytar(): KeytarLocation {
  try {
    return { ok: true, url: pathToFileURL(createRequire(import.meta.url).resolve('keytar')).href };
  } catch {
    return { ok: false, reason: NOT_INSTALLED };
  }
}

export async function loadKeytar(): Promise<KeytarLoad> {
  const location = locateKeytar();
  if (!location.ok) return location;
  try {
    const loaded = (await import(location.url)) as { default?: KeytarApi } & Partial<KeytarApi>;
    const api = (loaded.default ?? loaded) as KeytarApi;
    if (typeof api.findCredentials !== 'function') return { ok: false, reason: 'the keytar module does not have the expected API' };
    return { ok: true, api };
  } catch (error) {
    return { ok: false, reason: `keytar could not be loaded: ${firstLine(error)}` };
  }
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').find((part) => part.trim() !== '') ?? text;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
