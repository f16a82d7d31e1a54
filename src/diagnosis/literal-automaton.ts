/**
 * A multi-pattern literal matcher (Aho–Corasick, compiled to a full DFA) over ASCII,
 * case-insensitive and whitespace-tolerant.
 *
 * Why not one regex per pattern: the knowledge base holds hundreds of codes and phrases,
 * and a log excerpt can be a megabyte. Running hundreds of regexes costs hundreds of
 * passes; one big alternation backtracks at every position. This automaton reads the
 * text once, in linear time, whatever the number of patterns, and has no backtracking
 * to go catastrophic. Word boundaries and case checks are the caller's business: it gets
 * the exact span in the original text for every hit.
 *
 * Whitespace: a run of spaces, tabs and line breaks in the text reads as one space, so a
 * phrase wrapped across lines in a log or a SOAP body still matches. Characters outside
 * ASCII never match a pattern character.
 */

/** Longest pattern, in automaton symbols; spans are recovered from a ring of this size. */
const RING_SIZE = 512;
const RING_MASK = RING_SIZE - 1;

export interface CompiledAutomaton {
  /** Calls `onHit` for every occurrence of every pattern (overlaps included), in text order of their ends. */
  scan(text: string, onHit: (pattern: number, start: number, end: number) => void): void;
  readonly patternCount: number;
}

function isWhitespace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}

/** Lower-cases ASCII and folds every whitespace run to one space. */
export function normalisePattern(pattern: string): string {
  return pattern.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function compileAutomaton(patterns: readonly string[]): CompiledAutomaton {
  const normalised = patterns.map(normalisePattern);
  // Symbol classes: 0 is "anything no pattern contains"; every other used character gets one.
  const classOf = new Uint8Array(128);
  let alphabet = 1;
  for (const p of normalised) {
    if (p.length === 0 || p.length >= RING_SIZE) throw new Error(`pattern length out of range: ${JSON.stringify(p)}`);
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (c >= 128) throw new Error(`pattern is not ASCII: ${JSON.stringify(p)}`);
      if (classOf[c] === 0) {
        classOf[c] = alphabet++;
        if (c >= 97 && c <= 122) classOf[c - 32] = classOf[c]!;
      }
    }
  }
  if (alphabet > 255) throw new Error('too many distinct pattern characters');
  const spaceClass = classOf[32] ?? 0;

  // Trie, as rows of child indexes (-1 = none).
  const children: Int32Array[] = [new Int32Array(alphabet).fill(-1)];
  const own: number[][] = [[]];
  normalised.forEach((p, index) => {
    let node = 0;
    for (let i = 0; i < p.length; i++) {
      const sym = classOf[p.charCodeAt(i)]!;
      let next = children[node]![sym]!;
      if (next === -1) {
        next = children.length;
        children.push(new Int32Array(alphabet).fill(-1));
        own.push([]);
        children[node]![sym] = next;
      }
      node = next;
    }
    own[node]!.push(index);
  });

  // Breadth-first: failure links, complete transitions, merged outputs.
  const nodes = children.length;
  const delta = new Int32Array(nodes * alphabet);
  const fail = new Int32Array(nodes);
  const outputs: (Int32Array | null)[] = new Array<Int32Array | null>(nodes).fill(null);
  const queue: number[] = [];
  for (let s = 0; s < alphabet; s++) {
    const child = children[0]![s]!;
    if (child === -1) delta[s] = 0;
    else { delta[s] = child; fail[child] = 0; queue.push(child); }
  }
  outputs[0] = own[0]!.length > 0 ? Int32Array.from(own[0]!) : null;
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    const inherited = outputs[fail[node]!];
    const mine = own[node]!;
    outputs[node] = mine.length === 0 ? inherited ?? null : Int32Array.from(inherited ? [...mine, ...inherited] : mine);
    for (let s = 0; s < alphabet; s++) {
      const child = children[node]![s]!;
      if (child === -1) {
        delta[node * alphabet + s] = delta[fail[node]! * alphabet + s]!;
      } else {
        fail[child] = delta[fail[node]! * alphabet + s]!;
        delta[node * alphabet + s] = child;
        queue.push(child);
      }
    }
  }
  const lengths = Int32Array.from(normalised.map((p) => p.length));

  return {
    patternCount: patterns.length,
    scan(text, onHit) {
      const ring = new Int32Array(RING_SIZE);
      let fed = 0;
      let state = 0;
      let previousWasSpace = false;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        let sym: number;
        if (isWhitespace(c)) {
          if (previousWasSpace) continue;
          previousWasSpace = true;
          sym = spaceClass;
        } else {
          previousWasSpace = false;
          sym = c < 128 ? classOf[c]! : 0;
        }
        state = delta[state * alphabet + sym]!;
        ring[fed & RING_MASK] = i;
        fed++;
        const out = outputs[state];
        if (out !== null && out !== undefined) {
          for (let k = 0; k < out.length; k++) {
            const pattern = out[k]!;
            onHit(pattern, ring[(fed - lengths[pattern]!) & RING_MASK]!, i + 1);
          }
        }
      }
    },
  };
}
