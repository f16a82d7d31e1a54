/**
 * Top-1 accuracy of the matcher over the realistic inputs in test/fixtures/diagnosis/
 * (issue #5 "Done when"): stack traces, JSON bodies, SOAP faults, proxy HTML, log lines and
 * message-only text, each quoted from a public source or written to mirror a documented
 * message. Prints the figure; fails below 95%.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose, diagnosisDocumentSchema } from '../../src/diagnosis/index.js';

interface Fixture {
  id: string;
  expected: string;
  kind: string;
  source: string;
  input: string;
}

const dir = new URL('../fixtures/diagnosis/', import.meta.url);
const fixtures: Fixture[] = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .flatMap((name) => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as Fixture[]);

const KINDS = new Set(['stack-trace', 'json', 'soap', 'html', 'log', 'message', 'code']);

describe('diagnosis fixtures', () => {
  it('hold at least 100 inputs, every one with an id, a kind and a public source', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(100);
    const ids = fixtures.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of fixtures) {
      expect(KINDS.has(f.kind), f.id).toBe(true);
      expect(f.input.length, f.id).toBeGreaterThan(0);
      expect(f.source, f.id).toMatch(/^(https:\/\/\S+|written: mirrors .*\S)/);
      if (f.source.startsWith('written')) expect(f.source, f.id).toMatch(/https:\/\/|requirements\.md|architecture\.md|error-catalog\.md|src\/profiles/);
    }
    // Messy inputs, not only bare codes: every kind is represented.
    for (const kind of ['stack-trace', 'json', 'soap', 'html', 'log', 'message']) {
      expect(fixtures.filter((f) => f.kind === kind).length, kind).toBeGreaterThanOrEqual(5);
    }
  });

  it('names the expected code first for at least 95% of them', () => {
    const misses: string[] = [];
    for (const f of fixtures) {
      const document = diagnose(f.input);
      expect(diagnosisDocumentSchema.safeParse(document).success, f.id).toBe(true);
      const top = document.matches[0]?.code ?? '(none)';
      if (top !== f.expected) misses.push(`${f.id}: expected ${f.expected}, got ${top} [${document.matches.map((m) => m.code).join(', ')}]`);
    }
    const accuracy = (fixtures.length - misses.length) / fixtures.length;
    console.log(`diagnosis top-1 accuracy: ${(accuracy * 100).toFixed(1)}% (${fixtures.length - misses.length}/${fixtures.length})`);
    if (misses.length > 0) console.log(`misses:\n  ${misses.join('\n  ')}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
