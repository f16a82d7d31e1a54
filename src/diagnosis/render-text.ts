/**
 * The diagnosis document as text for a person at an 80-column terminal: the best match
 * with its cause, likely causes and numbered fix steps, then the other matches one line
 * each. No colour (status words carry the meaning), wrapped with hanging indents.
 */
import type { DiagnosisDocument, DiagnosisMatch } from './diagnosis-document.js';

const DEFAULT_WIDTH = 80;

/** Wraps `text` to `width` columns; later lines start with `indent`, the first with `first`. */
export function wrap(text: string, width: number, first: string, indent: string): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    const candidate = empty ? `${line}${word}` : `${line} ${word}`;
    if (!empty && candidate.length > width) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = candidate;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

function renderBest(match: DiagnosisMatch, width: number): string[] {
  const out: string[] = [];
  out.push(...wrap(`${match.code}: ${match.title}`, width, 'Best match: ', '  '));
  out.push(`  family ${match.family}, confidence ${percent(match.confidence)}${match.occurrences > 1 ? `, ${match.occurrences} mentions in the input` : ''}`);
  if (match.evidence.kind !== 'lookup') out.push(...wrap(match.evidence.excerpt, width, '  Read from: ', '    '));
  out.push('');
  out.push(...wrap(match.cause, width, 'Cause: ', '  '));
  if (match.likelyCauses && match.likelyCauses.length > 0) {
    out.push('', 'Likely causes, most frequent first:');
    match.likelyCauses.forEach((cause) => out.push(...wrap(cause, width, '  - ', '    ')));
  }
  out.push('', 'Fix:');
  match.fix.forEach((step, i) => {
    const label = `  ${i + 1}. `;
    out.push(...wrap(step, width, label, ' '.repeat(label.length)));
  });
  if (match.docs.length > 0) {
    out.push('', 'Documentation:');
    for (const doc of match.docs) {
      out.push(...wrap(doc.title, width, '  - ', '    '));
      out.push(`    ${doc.url}`);
    }
  }
  return out;
}

/** Renders the document; ends without a trailing newline. */
export function renderDiagnosisText(document: DiagnosisDocument, width = DEFAULT_WIDTH): string {
  const [best, ...others] = document.matches;
  if (!best) {
    const out = wrap(document.unmatched?.message ?? 'Nothing recognised.', width, 'No match: ', '  ');
    out.push('', 'What to paste instead:');
    for (const suggestion of document.unmatched?.suggestions ?? []) out.push(...wrap(suggestion, width, '  - ', '    '));
    return out.join('\n');
  }
  const out = renderBest(best, width);
  if (others.length > 0) {
    out.push('', 'Also found (less specific or less certain):');
    for (const match of others) {
      out.push(...wrap(`${match.code}: ${match.title} (${percent(match.confidence)})`, width, '  - ', '    '));
    }
    out.push(...wrap('Explain any of them with `mailbridge diagnose <code>`.', width, '', ''));
  }
  return out.join('\n');
}
