/**
 * `mailbridge diagnose` as an operator or a script runs it (architecture.md, "Contracts";
 * AG-4): the built binary, argv or stdin in, exit code and exactly one JSON document out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, assertBuilt } from '../kit/built-cli.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';
import { diagnosisDocumentSchema } from '../../src/diagnosis/index.js';

let tempEnv: TempEnv;
beforeAll(() => {
  assertBuilt();
  tempEnv = createTempEnv();
});
afterAll(() => tempEnv.cleanup());

describe('mailbridge diagnose', () => {
  it('explains a code given as an argument, exit 0, readable in 80 columns', async () => {
    const result = await runCli(['diagnose', 'AADSTS7000215'], { env: tempEnv.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Best match: AADSTS7000215: Invalid client secret/);
    expect(result.stdout).toMatch(/Fix:\n {2}1\. /);
    const long = result.stdout.split('\n').filter((l) => l.length > 80 && !/^\s+https:\/\//.test(l));
    expect(long).toEqual([]);
  });

  it('reads stdin for "-" and prints exactly one JSON document with --json', async () => {
    const log = [
      '2026-02-01T10:00:00Z info sync started',
      'SoapFaultDetails { message: \'error:0308010C:digital envelope routines::unsupported\', responseCode: 127 }',
      '2026-02-01T10:00:01Z info sync ended',
    ].join('\n');
    const result = await runCli(['diagnose', '-', '--json'], { env: tempEnv.env, stdin: log });
    expect(result.code).toBe(0);
    const document = diagnosisDocumentSchema.parse(JSON.parse(result.stdout));
    expect(document.matches[0]?.code).toBe('ERR_OSSL_EVP_UNSUPPORTED');
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('reads stdin when TEXT is absent', async () => {
    const result = await runCli(['diagnose', '--json'], { env: tempEnv.env, stdin: 'Error: getaddrinfo ENOTFOUND mail.example.test' });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).matches[0].code).toBe('ENOTFOUND');
  });

  it('joins several words into one text', async () => {
    const result = await runCli(['diagnose', '--json', 'certificate', 'has', 'expired'], { env: tempEnv.env });
    expect(JSON.parse(result.stdout).matches[0].code).toBe('CERT_HAS_EXPIRED');
  });

  it('exits 1 and says what to paste when nothing matches', async () => {
    const text = await runCli(['diagnose', 'all good here'], { env: tempEnv.env });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/No match/);
    const json = await runCli(['diagnose', '--json', 'all good here'], { env: tempEnv.env });
    expect(json.code).toBe(1);
    const document = diagnosisDocumentSchema.parse(JSON.parse(json.stdout));
    expect(document.matches).toEqual([]);
    expect(document.unmatched?.suggestions.length).toBeGreaterThan(0);
  });

  it('exits 2 for a usage error', async () => {
    const result = await runCli(['diagnose', '--no-such-flag', 'x'], { env: tempEnv.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option/);
  });
});
