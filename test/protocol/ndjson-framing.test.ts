// NDJSON framing (issue #2, architecture.md "The agent protocol"): one message per line,
// lines of at most 1 MiB; an over-long line is reported once and skipped, and the
// decoder carries on with the next line.
import { describe, expect, it } from 'vitest';
import { FrameTooLargeError, LineDecoder, MAX_FRAME_BYTES, encodeFrame } from '../../src/protocol/ndjson-framing.js';

const lines = (frames: ReturnType<LineDecoder['push']>): string[] => frames.map((f) => (f.kind === 'line' ? f.text : `<oversize ${f.bytesSeen}>`));

describe('LineDecoder', () => {
  it('splits several lines in one chunk and joins a line split over chunks', () => {
    const decoder = new LineDecoder();
    expect(lines(decoder.push(Buffer.from('{"a":1}\n{"b":2}\n{"c"')))).toEqual(['{"a":1}', '{"b":2}']);
    expect(decoder.bufferedBytes).toBe(4);
    expect(lines(decoder.push(Buffer.from(':3}\n')))).toEqual(['{"c":3}']);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('keeps a multi-byte character intact when a chunk boundary cuts through it', () => {
    const decoder = new LineDecoder();
    const bytes = Buffer.from('{"name":"Zürich ✓"}\n', 'utf8');
    const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of ü
    expect(lines([...decoder.push(bytes.subarray(0, cut)), ...decoder.push(bytes.subarray(cut))])).toEqual(['{"name":"Zürich ✓"}']);
  });

  it('accepts CRLF line ends and skips blank lines', () => {
    const decoder = new LineDecoder();
    expect(lines(decoder.push(Buffer.from('\n\r\n{"a":1}\r\n  \n')))).toEqual(['{"a":1}']);
  });

  it('accepts a line of exactly the limit and refuses one byte more, once, then decodes the next line', () => {
    const decoder = new LineDecoder(10);
    expect(lines(decoder.push(Buffer.from('0123456789\n')))).toEqual(['0123456789']);
    const frames = decoder.push(Buffer.from('0123456789X'));
    expect(frames).toEqual([{ kind: 'oversize', bytesSeen: 11 }]);
    // The rest of the long line is discarded without buffering, whatever its length.
    expect(decoder.push(Buffer.alloc(5000, 0x41))).toEqual([]);
    expect(decoder.bufferedBytes).toBe(0);
    expect(lines(decoder.push(Buffer.from('tail\n{"ok":1}\n')))).toEqual(['{"ok":1}']);
  });

  it('refuses a line over the default 1 MiB that arrives in many small chunks', () => {
    const decoder = new LineDecoder();
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const seen = [];
    for (let i = 0; i < 17; i += 1) seen.push(...decoder.push(chunk));
    expect(seen).toEqual([{ kind: 'oversize', bytesSeen: 17 * 64 * 1024 }]);
    expect(decoder.bufferedBytes).toBe(0);
    expect(MAX_FRAME_BYTES).toBe(1_048_576);
  });
});

describe('encodeFrame', () => {
  it('writes one line of JSON; a newline inside a string stays escaped', () => {
    const frame = encodeFrame({ text: 'two\nlines' }).toString('utf8');
    expect(frame).toBe('{"text":"two\\nlines"}\n');
    expect(frame.indexOf('\n')).toBe(frame.length - 1);
  });

  it('refuses a message the peer would refuse', () => {
    expect(() => encodeFrame({ blob: 'x'.repeat(MAX_FRAME_BYTES) })).toThrow(FrameTooLargeError);
  });
});
