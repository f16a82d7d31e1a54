/**
 * The knowledge base as data (issue #5, AG-2): every entry fits the schema, codes are
 * unique and canonical, families valid, every entry has fix steps and documentation, and
 * every MB_ code the profile rules raise has an entry.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KB_ENTRIES, kbEntrySchema, lookup } from '../../src/diagnosis/index.js';
import { ERROR_FAMILIES } from '../../src/errors/operator-error.js';
import { compileAutomaton } from '../../src/diagnosis/literal-automaton.js';

const REQUIREMENT_IDS = new Set(
  [...readFileSync(new URL('../../../shared/docs/requirements.md', import.meta.url), 'utf8').matchAll(/\*\*([A-Z0-9]+-\d+)\b/g)].map((m) => m[1]),
);

describe('knowledge base', () => {
  it('holds at least 150 entries', () => {
    expect(KB_ENTRIES.length).toBeGreaterThanOrEqual(150);
  });

  it('every entry fits the entry schema', () => {
    const failures = KB_ENTRIES.flatMap((entry) => {
      const result = kbEntrySchema.safeParse(entry);
      return result.success ? [] : [`${entry.code}: ${result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`];
    });
    expect(failures).toEqual([]);
  });

  it('codes are unique, and no alias shadows another entry', () => {
    const codes = KB_ENTRIES.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    const aliases = KB_ENTRIES.flatMap((e) => e.patterns.aliases ?? []);
    expect(aliases.filter((a) => codes.includes(a))).toEqual([]);
    expect(new Set(aliases).size).toBe(aliases.length);
  });

  it('uses only the contract families and canonical code formats', () => {
    for (const entry of KB_ENTRIES) {
      expect(ERROR_FAMILIES).toContain(entry.family);
      if (entry.code.startsWith('AADSTS')) expect(entry.code).toMatch(/^AADSTS\d+$/);
      if (entry.code.startsWith('HTTP')) expect(entry.code).toMatch(/^HTTP_\d{3}$/);
      if (entry.code.startsWith('MB')) expect(entry.code).toMatch(/^MB_[A-Z0-9_]+$/);
    }
  });

  it('every entry has fix steps and an official documentation link', () => {
    const official = /^https:\/\/(learn\.microsoft\.com|support\.microsoft\.com|techcommunity\.microsoft\.com|nodejs\.org|docs\.openssl\.org|developers\.cloudflare\.com|www\.rfc-editor\.org|letsencrypt\.org|www\.freedesktop\.org|specifications\.freedesktop\.org|www\.jsonrpc\.org|www\.sqlite\.org|getpino\.io|prometheus\.io)\//;
    for (const entry of KB_ENTRIES) {
      expect(entry.fix.length, entry.code).toBeGreaterThan(0);
      expect(entry.docs.some((d) => official.test(d.url)), entry.code).toBe(true);
    }
  });

  it('cites only requirement IDs that exist in requirements.md', () => {
    expect(REQUIREMENT_IDS.size).toBeGreaterThan(30);
    const unknown = KB_ENTRIES.flatMap((e) => e.rules.filter((r) => !REQUIREMENT_IDS.has(r)).map((r) => `${e.code}: ${r}`));
    expect(unknown).toEqual([]);
  });

  it('refines only codes that exist', () => {
    const codes = new Set(KB_ENTRIES.map((e) => e.code));
    const dangling = KB_ENTRIES.flatMap((e) => (e.refines ?? []).filter((r) => !codes.has(r)).map((r) => `${e.code} -> ${r}`));
    expect(dangling).toEqual([]);
  });

  it('covers everything issue #5 names', () => {
    const required = [
      'ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
      'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_OSSL_EVP_UNSUPPORTED',
      'CA_MD_TOO_WEAK', 'EE_KEY_TOO_SMALL',
      'HTTP_401', 'HTTP_403', 'HTTP_404', 'HTTP_440', 'HTTP_456', 'HTTP_500', 'HTTP_501', 'HTTP_502', 'HTTP_503', 'HTTP_504', 'HTTP_524',
      'ErrorAccessDenied', 'ErrorImpersonateUserDenied', 'ErrorServerBusy', 'ErrorInvalidSyncStateData', 'ErrorSchemaValidation', 'ErrorInternalServerError', 'ErrorNonExistentMailbox',
      'MailboxNotEnabledForRESTAPI', 'HTTP_429', 'HTTP_410', 'syncStateNotFound', 'resyncRequired', 'MB_APPLICATION_ACCESS_POLICY_DENIED',
      'AADSTS7000215', 'AADSTS7000222', 'AADSTS700016', 'AADSTS50126', 'AADSTS50076', 'AADSTS53003', 'AADSTS65001',
      'MB_HOST_IS_IP_ADDRESS', 'MB_INTERVAL_TOO_SHORT', 'MB_FREE_CA_ISSUER', 'MB_PORT_443_CLOSED_USE_2610', 'MB_EWS_ON_EXCHANGE_ONLINE',
      'MB_TRUSTED_ONLY_VIA_CA_FILE', 'MB_CERT_EXPIRING_SOON', 'MB_WEAK_SIGNATURE', 'MB_EXO_BASIC_AUTH_RETIRED',
      'MB_MOBILE_QUARANTINE_24H', 'MB_DEVICE_PROFILE_DUPLICATE', 'MB_DEVICE_PROFILE_MISSING', 'MB_CONNECTION_NO_LONGER_ACTIVE',
    ];
    expect(required.filter((code) => lookup(code)?.code !== code)).toEqual([]);
    expect(lookup('HTTP_524')?.rules).toContain('O365-6');
    expect(lookup('HTTP_524')?.fix.join(' ')).toMatch(/two-factor/);
    expect(lookup('MB_EWS_ON_EXCHANGE_ONLINE')?.cause).toMatch(/1 October 2026.*1 April 2027/);
    expect(lookup('MB_EXO_BASIC_AUTH_RETIRED')?.cause).toMatch(/1 October 2022/);
    expect(lookup('ErrorImpersonateUserDenied')?.fix.join(' ')).toMatch(/New-ManagementRoleAssignment .*-Role ApplicationImpersonation/);
    expect(lookup('MB_EWS_DISABLED')?.fix.join(' ')).toMatch(/Set-CASMailbox .*-EwsEnabled/);
    expect(lookup('ErrorServerBusy')?.patterns.phrases).toContain('BackOffMilliseconds');
  });

  it('has an entry for every MB_ code the profile rules raise', () => {
    const dir = new URL('../../src/profiles/', import.meta.url);
    const codes = new Set<string>();
    const walk = (path: string): void => {
      if (!existsSync(path)) return;
      for (const item of readdirSync(path, { withFileTypes: true })) {
        const full = join(path, item.name);
        if (item.isDirectory()) walk(full);
        else if (item.name.endsWith('.ts')) for (const m of readFileSync(full, 'utf8').matchAll(/['"`](MB_[A-Z0-9_]+)['"`]/g)) codes.add(m[1]!);
      }
    };
    walk(dir.pathname);
    expect([...codes].filter((code) => !lookup(code))).toEqual([]);
  });

  it('every recognition pattern compiles into the automaton', () => {
    const literals = KB_ENTRIES.flatMap((e) => [e.code, ...(e.patterns.aliases ?? []), ...(e.patterns.phrases ?? [])]);
    expect(compileAutomaton(literals).patternCount).toBe(literals.length);
  });

  it('lookup accepts the short forms operators type', () => {
    expect(lookup('401')?.code).toBe('HTTP_401');
    expect(lookup('http 503')?.code).toBe('HTTP_503');
    expect(lookup('7000215')?.code).toBe('AADSTS7000215');
    expect(lookup('aadsts50126')?.code).toBe('AADSTS50126');
    expect(lookup('cert_has_expired')?.code).toBe('CERT_HAS_EXPIRED');
    expect(lookup('ERR_SSL_CA_MD_TOO_WEAK')?.code).toBe('CA_MD_TOO_WEAK');
    expect(lookup('NoSuchCode')).toBeUndefined();
  });
});
