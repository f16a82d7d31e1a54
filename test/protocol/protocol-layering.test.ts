// Layering (architecture.md "Layout", style.md habit 2): the protocol in src/ is shared by
// agent, console and scripts, so it imports nothing from agent/, tui/ or fixtures/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../kit/built-cli.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('src/protocol imports', () => {
  const files = sources(path.join(REPO_ROOT, 'src', 'protocol'));

  it('finds the protocol sources', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((f) => [path.relative(REPO_ROOT, f), f]))('%s stays inside src/', (_name, file) => {
    const specifiers = [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    const outside = specifiers
      .filter((s) => s.startsWith('.'))
      .map((s) => path.relative(REPO_ROOT, path.resolve(path.dirname(file), s)))
      .filter((target) => !target.startsWith(`src${path.sep}`));
    expect(outside).toEqual([]);
  });
});
