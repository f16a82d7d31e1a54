/**
 * Guard for issue #5 (AG-2): the knowledge base is the one place the product's knowledge
 * lives, so every MB_ code written as a quoted literal anywhere in agent/, src/ or tui/
 * must have an entry. A new code without one fails here, naming the code and its file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KB_ENTRIES } from '../../src/diagnosis/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE_DIRS = ['agent', 'src', 'tui'];
/** Canonical codes and aliases: an alias (a legacy spelling) is covered by its entry. */
const KNOWN = new Set(KB_ENTRIES.flatMap((e) => [e.code, ...(e.patterns.aliases ?? [])]));
const QUOTED_MB_CODE = /['"`](MB_[A-Z0-9_]+)['"`]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const full = join(dir, item.name);
    if (item.isDirectory()) return item.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(item.name) ? [full] : [];
  });
}

/** code -> first file (relative to the repository) that quotes it. */
function quotedMbCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const file of SOURCE_DIRS.flatMap((d) => sourceFiles(join(ROOT, d)))) {
    for (const m of readFileSync(file, 'utf8').matchAll(QUOTED_MB_CODE)) {
      if (!codes.has(m[1]!)) codes.set(m[1]!, relative(ROOT, file));
    }
  }
  return codes;
}

describe('MB_ code coverage of the knowledge base', () => {
  it('finds the codes it guards (the scan itself works)', () => {
    const codes = quotedMbCodes();
    expect(codes.size).toBeGreaterThan(100);
    expect(codes.has('MB_STORE_LOCKED')).toBe(true);
  });

  it('has an entry for every quoted MB_ code in agent/, src/ and tui/', () => {
    const missing = [...quotedMbCodes()].filter(([code]) => !KNOWN.has(code)).map(([code, file]) => `${code} (${file})`).sort();
    expect(missing).toEqual([]);
  });
});
