// The agent logger's redaction (AG-5, second line of defence): secret-bearing keys are
// censored wherever an object carrying them is logged, up to two levels down.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createAgentLogger } from '../../agent/agent-logger.js';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, stream };
}

describe('createAgentLogger', () => {
  it('censors secret-bearing keys at the top level and nested', () => {
    const { lines, stream } = capture();
    const log = createAgentLogger({ MAILBRIDGE_LOG_LEVEL: 'debug' }, stream);
    log.info({ password: 'pw-top', params: { profile: 'acme', value: 'val-nested' }, request: { params: { clientSecret: 'cs-deep' } } }, 'a request');
    log.debug({ headers: { authorization: 'Bearer tok-123' }, token: 'tok-456' }, 'headers');
    const text = lines.join('');
    for (const secret of ['pw-top', 'val-nested', 'cs-deep', 'tok-123', 'tok-456']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    expect(text).toContain('"profile":"acme"');
  });

  it('takes its level from MAILBRIDGE_LOG_LEVEL and ignores a value it does not know', () => {
    const quiet = capture();
    createAgentLogger({ MAILBRIDGE_LOG_LEVEL: 'warn' }, quiet.stream).info('hidden');
    expect(quiet.lines).toEqual([]);
    const fallback = capture();
    const log = createAgentLogger({ MAILBRIDGE_LOG_LEVEL: 'chatty' }, fallback.stream);
    expect(log.level).toBe('info');
  });
});
