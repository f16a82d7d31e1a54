// dns.resolve (#4): A/AAAA answers, NXDOMAIN told apart from a resolver failure. Every
// query in these tests stays on loopback: special-use names are answered without a query
// (RFC 6761), and the rest go to a DNS server the test runs on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { dnsResolveCheck } from '../../agent/checks/network/dns-resolve.js';
import { dnsServerResolver, systemResolver, type HostResolver } from '../../agent/checks/network/host-resolver.js';
import { runChecks } from '../../agent/checks/runner.js';
import type { CheckResult } from '../../src/checks/check-report.js';
import { startLoopbackDnsServer, type LoopbackDnsServer } from './kit/loopback-dns-server.js';

let dnsServer: LoopbackDnsServer | undefined;
afterEach(async () => {
  await dnsServer?.close();
  dnsServer = undefined;
});

async function resolve(host: string, resolver: HostResolver): Promise<CheckResult> {
  const report = await runChecks([dnsResolveCheck({ host, resolver })], { target: { server: host }, timeoutMs: 5_000 });
  return report.checks[0]!;
}

describe('dns.resolve', () => {
  it('localhost resolves to loopback without a query', async () => {
    const result = await resolve('localhost', systemResolver());
    expect(result).toMatchObject({ status: 'pass', details: { a: ['127.0.0.1'], aaaa: ['::1'] }, diagnosis: null });
    expect(String(result.details.source)).toContain('RFC 6761');
  });

  it('a name under .invalid fails as NXDOMAIN (ENOTFOUND) without a query', async () => {
    const result = await resolve('exchange.contoso.invalid', systemResolver());
    expect(result).toMatchObject({ status: 'fail', details: { failure: 'nxdomain' }, diagnosis: { code: 'ENOTFOUND', family: 'dns' } });
    expect(result.summary).toBe('exchange.contoso.invalid does not exist in DNS (NXDOMAIN)');
  });

  it('an IP literal needs no lookup', async () => {
    expect(await resolve('127.0.0.1', systemResolver())).toMatchObject({ status: 'pass', details: { a: ['127.0.0.1'] } });
  });

  it('against a DNS server: an answer, NXDOMAIN and SERVFAIL are three different results', async () => {
    dnsServer = await startLoopbackDnsServer({ a: { 'mail.example.test': '127.0.0.1' }, nxdomain: ['gone.example.test'], servfail: ['broken.example.test'] });
    const resolver = dnsServerResolver([dnsServer.address], { timeoutMs: 1_000 });

    const found = await resolve('mail.example.test', resolver);
    expect(found).toMatchObject({ status: 'pass', details: { a: ['127.0.0.1'], aaaa: [] } });

    const missing = await resolve('gone.example.test', resolver);
    expect(missing).toMatchObject({ status: 'fail', details: { failure: 'nxdomain' }, diagnosis: { code: 'ENOTFOUND' } });

    const broken = await resolve('broken.example.test', resolver);
    expect(broken).toMatchObject({ status: 'fail', details: { failure: 'resolver' }, diagnosis: { code: 'EAI_AGAIN' } });
    expect(broken.summary).toContain('the resolver gave no answer');

    const noRecords = await resolve('empty.example.test', resolver);
    expect(noRecords).toMatchObject({ status: 'fail', details: { failure: 'nodata' }, diagnosis: { code: 'ENODATA' } });

    expect(dnsServer.queries).toEqual(expect.arrayContaining(['mail.example.test', 'gone.example.test', 'broken.example.test', 'empty.example.test']));
  });

  it('a resolver that does not answer at all is a resolver failure, not NXDOMAIN', async () => {
    const silent = await startLoopbackDnsServer({});
    await silent.close(); // nothing listens on that port any more: queries are refused or time out
    const result = await resolve('mail.example.test', dnsServerResolver([silent.address], { timeoutMs: 300 }));
    expect(result).toMatchObject({ status: 'fail', details: { failure: 'resolver' }, diagnosis: { code: 'EAI_AGAIN' } });
  });
});
