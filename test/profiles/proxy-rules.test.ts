// The outbound proxy on profiles (#7, EX-2, AG-5): an optional `proxy` block on on-premises
// and online profiles alike, rules as data with one code per way a proxy URL is unusable,
// the proxy password as a secret-store field only, and every profile without a proxy valid.
import { describe, expect, it } from 'vitest';
import { validateProfile } from '../../src/profiles/validate-profile.js';
import { checkSecretValue, secretFieldsFor } from '../../src/profiles/secret-fields.js';
import { bypassesProxy, readProxyUrl } from '../../src/profiles/proxy-url.js';
import { onlineInput, onpremInput } from './profile-fixtures.js';

const KINDS = [['on-premises', onpremInput], ['online', onlineInput]] as const;

function codes(input: unknown): string[] {
  return validateProfile(input).issues.map((i) => i.code);
}

describe('proxy block (#7, EX-2)', () => {
  for (const [kind, input] of KINDS) {
    it(`${kind}: absent is valid and stays absent; a full block is kept as written`, () => {
      const plain = validateProfile(input({}));
      expect(plain.issues).toEqual([]);
      expect(plain.profile?.proxy).toBeUndefined();
      const proxy = { url: 'http://proxy.example.com:3128', noProxy: ['.corp.example', 'mail.example.com', '10.0.0.5', '*'], user: 'svc-proxy', password: { secret: 'proxyPassword' } };
      const withProxy = validateProfile(input({ proxy }));
      expect(withProxy.issues).toEqual([]);
      expect(withProxy.profile?.proxy).toEqual(proxy);
      expect(validateProfile(input({ proxy: { url: 'http://10.1.2.3:8080' } })).profile?.proxy).toEqual({ url: 'http://10.1.2.3:8080', noProxy: [] });
    });
  }

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['no URL at all', { url: 'proxy example 3128' }, 'MB_PROXY_URL_INVALID'],
    ['https:// proxy', { url: 'https://proxy.example.com:3128' }, 'MB_PROXY_SCHEME_UNSUPPORTED'],
    ['socks proxy', { url: 'socks5://proxy.example.com:1080' }, 'MB_PROXY_SCHEME_UNSUPPORTED'],
    ['no port', { url: 'http://proxy.example.com' }, 'MB_PROXY_PORT_MISSING'],
    ['a path (PAC file)', { url: 'http://proxy.example.com:8080/proxy.pac' }, 'MB_PROXY_URL_HAS_PATH'],
    ['a bad host', { url: 'http://proxy_under_score.example:3128' }, 'MB_PROXY_HOST_INVALID'],
    ['a URL in noProxy', { url: 'http://proxy.example.com:3128', noProxy: ['https://mail.example.com/'] }, 'MB_NO_PROXY_ENTRY_INVALID'],
    ['a password reference without a user', { url: 'http://proxy.example.com:3128', password: { secret: 'proxyPassword' } }, 'MB_PROXY_USER_REQUIRED'],
  ];
  for (const [what, proxy, code] of bad) {
    it(`refuses ${what} with ${code}, naming the field and the fix`, () => {
      for (const [, input] of KINDS) {
        const result = validateProfile(input({ proxy }));
        expect(result.valid).toBe(false);
        const issue = result.issues.find((i) => i.code === code);
        expect(issue?.path).toMatch(/^proxy\./);
        expect(issue?.severity).toBe('error');
        expect(issue?.message).toContain(issue?.fix ?? '<no fix>');
      }
    });
  }

  it('port 80 written explicitly counts as a port (URL drops it when parsing)', () => {
    expect(readProxyUrl('http://proxy.example.com:80')).toEqual({ ok: true, endpoint: { host: 'proxy.example.com', port: 80 } });
    expect(codes(onpremInput({ proxy: { url: 'http://proxy.example.com:80' } }))).toEqual([]);
  });

  it('an unknown key in the block is refused and attributed to EX-2', () => {
    const issue = validateProfile(onpremInput({ proxy: { url: 'http://p.example:3128', port: 3128 } })).issues.find((i) => i.code === 'MB_FIELD_UNKNOWN');
    expect(issue).toMatchObject({ path: 'proxy.port', rule: 'EX-2' });
  });
});

describe('proxy secrets never in the profile (AG-5)', () => {
  it('credentials in the URL are refused without echoing them', () => {
    const result = validateProfile(onpremInput({ proxy: { url: 'http://svc:Hunter2-secret@proxy.example.com:3128' } }));
    const issue = result.issues.find((i) => i.code === 'MB_PROXY_URL_HAS_CREDENTIALS');
    expect(issue).toMatchObject({ path: 'proxy.url', rule: 'AG-5' });
    expect(JSON.stringify(result.issues)).not.toContain('Hunter2-secret');
    expect(issue?.fix).toContain('mailbridge secrets set PROFILE proxyPassword --stdin');
  });

  it('a password value in proxy.password is a leak, not a reference', () => {
    const result = validateProfile(onlineInput({ proxy: { url: 'http://proxy.example.com:3128', user: 'svc', password: 'Hunter2-secret' } }));
    expect(result.valid).toBe(false);
    expect(result.issues.find((i) => i.code === 'MB_SECRET_IN_PROFILE')?.path).toBe('proxy.password');
    expect(JSON.stringify(result.issues)).not.toContain('Hunter2-secret');
  });

  it('the proxy password is a secret field of the profile only when the proxy authenticates', () => {
    for (const [, input] of KINDS) {
      const none = validateProfile(input({ proxy: { url: 'http://proxy.example.com:3128' } })).profile!;
      expect(secretFieldsFor(none).map((s) => s.field)).not.toContain('proxyPassword');
      const auth = validateProfile(input({ proxy: { url: 'http://proxy.example.com:3128', user: 'svc' } })).profile!;
      expect(secretFieldsFor(auth).find((s) => s.field === 'proxyPassword')).toMatchObject({ usedBy: 'proxy.password', rule: 'AG-5' });
      expect(checkSecretValue(auth, 'proxyPassword', 'pw')).toEqual({ storeField: 'proxyPassword', issues: [] });
      const renamed = validateProfile(input({ proxy: { url: 'http://proxy.example.com:3128', user: 'svc', password: { secret: 'corpProxy' } } })).profile!;
      expect(checkSecretValue(renamed, 'corpProxy', 'pw').storeField).toBe('corpProxy');
    }
  });
});

describe('noProxy matching', () => {
  const list = ['.corp.example', 'MAIL.example.com', '10.0.0.5', '*.lab.example'];
  const cases: Array<[string, boolean]> = [
    ['corp.example', true], ['ews.corp.example', true], ['notcorp.example', false], ['mail.example.com', true], ['mail.example.com.', true],
    ['other.example.com', false], ['10.0.0.5', true], ['10.0.0.50', false], ['lab.example', true], ['a.b.lab.example', true], ['graph.microsoft.com', false],
  ];
  for (const [host, bypass] of cases) it(`${host} → ${bypass ? 'direct' : 'proxy'}`, () => expect(bypassesProxy(host, list)).toBe(bypass));
  it('* sends everything direct', () => expect(bypassesProxy('graph.microsoft.com', ['*'])).toBe(true));
});
