/**
 * The matcher's behaviour (issue #5, error-catalog.md §0.1): evidence spans, ranking by
 * specificity, boundaries and case, whitespace-tolerant phrases, unknown input, and errors
 * thrown by real sockets diagnosed from the object itself.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  diagnose, diagnoseError, diagnosisDocumentSchema, explainCode, explainForRpc,
  diagnoseExplainParamsSchema, lookup, renderDiagnosisText, toCheckDiagnosis,
} from '../../src/diagnosis/index.js';

function codes(text: string): string[] {
  return diagnose(text).matches.map((m) => m.code);
}

describe('diagnose', () => {
  it('returns the contract document with evidence spans that point into the input', () => {
    const text = 'prefix line\n2026-01-01 ERROR token: AADSTS50126: Error validating credentials due to invalid username or password. HTTP/1.1 400 Bad Request';
    const document = diagnose(text);
    expect(diagnosisDocumentSchema.parse(document).schema).toBe('mailbridge.diagnosis/v1');
    for (const match of document.matches) {
      expect(match.confidence).toBeGreaterThan(0);
      expect(match.confidence).toBeLessThanOrEqual(1);
      expect(match.fix.length).toBeGreaterThan(0);
      expect(match.docs.length).toBeGreaterThan(0);
      expect(match.evidence.offset + match.evidence.length).toBeLessThanOrEqual(text.length);
      expect(match.evidence.excerpt.length).toBeLessThanOrEqual(205);
    }
    const best = document.matches[0]!;
    expect(best.code).toBe('AADSTS50126');
    expect(text.slice(best.evidence.offset, best.evidence.offset + best.evidence.length)).toContain('AADSTS50126');
  });

  it('ranks an AADSTS code above the HTTP 400 around it', () => {
    expect(codes('HTTP/1.1 400 Bad Request {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}').slice(0, 2))
      .toEqual(['AADSTS7000215', 'HTTP_400']);
  });

  it('ranks ErrorImpersonateUserDenied above the HTTP 500 it came in', () => {
    const found = codes('HTTP/1.1 500 Internal Server Error\n<faultcode xmlns:a="x">a:ErrorImpersonateUserDenied</faultcode>');
    expect(found[0]).toBe('ErrorImpersonateUserDenied');
    expect(found).toContain('HTTP_500');
  });

  it('puts the transport code first whatever EWS code wraps it (rule 2 and 3)', () => {
    expect(codes("ErrorInternalServerError responseCode: 127 message: 'connect ECONNREFUSED 127.0.0.1:443'")[0]).toBe('ECONNREFUSED');
    expect(codes('ErrorInternalServerError: certificate has expired')[0]).toBe('CERT_HAS_EXPIRED');
  });

  it('lets a refining finding outrank the code it refines', () => {
    expect(codes('{"error":{"code":"ErrorAccessDenied","message":"Access to OData is disabled."}}')[0]).toBe('MB_APPLICATION_ACCESS_POLICY_DENIED');
  });

  it('reads codes from structured fields with a higher confidence than free text', () => {
    const field = diagnose("{ code: 'ECONNRESET' }").matches[0]!;
    const free = diagnose('we saw ECONNRESET yesterday').matches[0]!;
    expect(field.evidence.kind).toBe('field');
    expect(free.evidence.kind).toBe('code');
    expect(field.confidence).toBeGreaterThan(free.confidence);
  });

  it('matches codes on word boundaries and in their exact case inside text', () => {
    expect(codes('XECONNREFUSEDX and econnrefused in prose')).toEqual([]);
    expect(codes('see AADSTS70002150 here')).toEqual(['AADSTS70002150']);
    expect(diagnose('see AADSTS70002150 here').matches[0]!.title).toMatch(/not in the knowledge base/);
  });

  it('matches phrases across line breaks and runs of spaces', () => {
    expect(codes('reason: unable to verify\n      the   first\r\n certificate')[0]).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('reads HTTP statuses from status lines, fields and reason phrases', () => {
    expect(codes('HTTP/1.1 503 Service Unavailable')[0]).toBe('HTTP_503');
    expect(codes('statusCode: 429')[0]).toBe('HTTP_429');
    expect(codes('The remote server returned an error: (440) Login Timeout.')[0]).toBe('HTTP_440');
    expect(codes('responseCode: 127, HttpStatusCode: 401')[0]).toBe('HTTP_401');
    // Not statuses: a version, a port, a count.
    expect(codes('listening on port 443, version 1.0.500, 404 items synced')).toEqual([]);
  });

  it('reports an EWS code it does not know when it sits in a ResponseCode element', () => {
    const found = diagnose('<m:ResponseCode>ErrorSomethingBrandNew</m:ResponseCode>').matches[0]!;
    expect(found.code).toBe('ErrorSomethingBrandNew');
    expect(found.family).toBe('ews');
    expect(codes('ErrorCode: 5 ErrorMessage: x')).toEqual([]);
  });

  it('says so when nothing is recognised, and suggests what to paste', () => {
    const document = diagnose('the weather is nice today');
    expect(document.matches).toEqual([]);
    expect(document.unmatched?.suggestions.length).toBeGreaterThan(2);
    expect(diagnose('   ').unmatched?.message).toMatch(/empty/);
  });

  it('answers a bare code as typed by an operator', () => {
    expect(diagnose('  http_524 \n').matches[0]?.code).toBe('HTTP_524');
    expect(diagnose('aadsts7000222').matches[0]?.evidence.kind).toBe('lookup');
  });

  it('honours maxMatches', () => {
    const text = 'ECONNREFUSED ETIMEDOUT ENOTFOUND EAI_AGAIN ECONNRESET HTTP/1.1 503 Service Unavailable';
    expect(diagnose(text, { maxMatches: 2 }).matches).toHaveLength(2);
    expect(diagnose(text).matches.length).toBeGreaterThanOrEqual(5);
  });

  it('stays fast on pathological input (no regex backtracking blow-up)', () => {
    const inputs = [
      'Error '.repeat(100_000),
      'status: '.repeat(80_000),
      `${'a'.repeat(500_000)}`,
      'faultcode '.repeat(60_000),
      '(((((((((('.repeat(50_000),
      'AADSTS'.repeat(100_000),
    ];
    for (const input of inputs) {
      const started = performance.now();
      diagnose(input);
      expect(performance.now() - started, input.slice(0, 12)).toBeLessThan(2_000);
    }
  });
});

describe('explainCode, lookup and the RPC helper', () => {
  it('explains known codes and refuses unknown ones', () => {
    expect(explainCode('ErrorServerBusy')?.fix.join(' ')).toMatch(/BackOffMilliseconds/);
    expect(explainCode('HTTP_524')?.cause).toMatch(/two-factor authentication/);
    expect(explainCode('NoSuchThing')).toBeUndefined();
    expect(lookup('ERR_SSL_EE_KEY_TOO_SMALL')?.code).toBe('EE_KEY_TOO_SMALL');
  });

  it('turns a match into the check-report diagnosis slot', () => {
    expect(toCheckDiagnosis(explainCode('ECONNREFUSED'))).toEqual({
      code: 'ECONNREFUSED', family: 'tcp', cause: expect.any(String), fix: expect.any(Array),
    });
    expect(toCheckDiagnosis(undefined)).toBeNull();
  });

  it('validates diagnose.explain params and answers with the document', () => {
    expect(diagnoseExplainParamsSchema.safeParse({ text: 'x', code: 'y' }).success).toBe(false);
    expect(diagnoseExplainParamsSchema.safeParse({}).success).toBe(false);
    const byCode = explainForRpc(diagnoseExplainParamsSchema.parse({ code: 'CERT_HAS_EXPIRED' }));
    expect(byCode.matches[0]?.code).toBe('CERT_HAS_EXPIRED');
    const byText = explainForRpc(diagnoseExplainParamsSchema.parse({ text: 'getaddrinfo ENOTFOUND mail.example.test', maxMatches: 1 }));
    expect(byText.matches.map((m) => m.code)).toEqual(['ENOTFOUND']);
  });
});

describe('diagnoseError on errors thrown by real sockets', () => {
  async function closedLoopbackPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it('diagnoses a refused connection from the error object', async () => {
    const port = await closedLoopbackPort();
    const error = await new Promise<unknown>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('error', resolve);
    });
    expect(diagnoseError(error)?.code).toBe('ECONNREFUSED');
  });

  it('unwraps fetch failed to the socket error in its cause', async () => {
    const port = await closedLoopbackPort();
    const error = await fetch(`http://127.0.0.1:${port}/EWS/Exchange.asmx`).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(diagnoseError(error)?.code).toBe('ECONNREFUSED');
  });

  it('reads AggregateError members and plain objects with a status', () => {
    const inner = Object.assign(new Error('connect ENETUNREACH ::1:443'), { code: 'ENETUNREACH' });
    expect(diagnoseError(new AggregateError([inner], ''))?.code).toBe('ENETUNREACH');
    expect(diagnoseError({ statusCode: 429, message: 'throttled' })?.code).toBe('HTTP_429');
    expect(diagnoseError(null)).toBeUndefined();
  });
});

describe('renderDiagnosisText', () => {
  it('fits 80 columns, numbers the fix steps and lists the other matches', () => {
    const text = renderDiagnosisText(diagnose('HTTP/1.1 500 Internal Server Error <faultcode>a:ErrorServerBusy</faultcode> <t:Value Name="BackOffMilliseconds">30000</t:Value>'));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Best match: ErrorServerBusy/);
    expect(text).toMatch(/\n {2}1\. /);
    expect(text).toMatch(/Also found/);
    expect(lines.filter((l) => l.length > 80 && !/^\s+https:\/\//.test(l))).toEqual([]);
  });

  it('explains what to paste when nothing matched', () => {
    expect(renderDiagnosisText(diagnose('nothing here'))).toMatch(/^No match: [\s\S]*What to paste instead:/);
  });
});

describe('codes the knowledge base does not list', () => {
  it('reports a Graph code from a JSON error body, and ignores "code" fields elsewhere', () => {
    const found = diagnose('{"error":{"code":"invalidRange","message":"The range is invalid.","innerError":{"request-id":"1"}}}').matches[0]!;
    expect(found.code).toBe('invalidRange');
    expect(found.family).toBe('graph');
    expect(found.confidence).toBeLessThan(0.6);
    expect(codes('{"user":{"code":"abcdef"}}')).toEqual([]);
  });
});
