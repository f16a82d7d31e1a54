/**
 * The README's fault-switch table (section "The lab") is a copy of FAULTS in
 * fixtures/lab/faults.ts; this keeps the two equal, row by row (#3).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAULTS } from '../../fixtures/lab/faults.js';
import { REPO_ROOT } from '../kit/built-cli.js';

function readmeFaultRows(): string[] {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const lab = readme.slice(readme.indexOf('## The lab'));
  const start = lab.indexOf('### Fault switches');
  const next = lab.indexOf('\n### ', start + 1);
  const section = lab.slice(start, next < 0 ? undefined : next);
  return section.split('\n').filter((line) => /^\| `[a-z0-9-]+` \| (onprem|online|both) \|/.test(line));
}

describe('README: the lab', () => {
  it('documents every fault switch exactly as the fault table says', () => {
    const escape = (s: string): string => s.replace(/\|/g, '\\|');
    const expected = FAULTS.map((f) => `| \`${f.name}\` | ${f.listener} | ${escape(f.imitates)} | ${escape(f.symptom)} |`);
    expect(readmeFaultRows()).toEqual(expected);
  });
});
