/**
 * A phrase index over the rule table's text phrases: one Aho–Corasick automaton (Aho & Corasick,
 * CACM 18(6), 1975) finds every phrase of every rule in a single pass over the text, so the
 * classifier reads a reply once instead of once per rule.
 */

/** Finds which groups (rules) have at least one phrase in a text. */
export interface PhraseIndex {
  /** Marks `hits[g] = 1` for every group g with a phrase in `text` (lowercase). */
  scan(text: string, hits: Uint8Array): void;
}

/** Typographic apostrophes read as `'` (so `doesn’t` matches `doesn't`) without rewriting the text. */
const APOSTROPHES = [0x2018, 0x2019, 0x02bc];

/**
 * Builds the automaton. `groups[g]` lists the lowercase phrases of group g.
 * @example buildPhraseIndex([['mailbox full'], ['user unknown']]).scan('550 user unknown', hits)
 */
export function buildPhraseIndex(groups: readonly (readonly string[])[]): PhraseIndex {
  // Alphabet: every UTF-16 unit used by a phrase gets a symbol; everything else is symbol 0.
  const symbolOf = new Uint16Array(65536);
  let symbols = 1;
  for (const phrases of groups) {
    for (const p of phrases) {
      for (let i = 0; i < p.length; i++) {
        const u = p.charCodeAt(i);
        if (symbolOf[u] === 0) symbolOf[u] = symbols++;
      }
    }
  }
  for (const u of APOSTROPHES) symbolOf[u] = symbolOf[39] as number;

  // Trie.
  const children: Map<number, number>[] = [new Map()];
  const outputs: number[][] = [[]];
  for (let g = 0; g < groups.length; g++) {
    for (const p of groups[g] ?? []) {
      let state = 0;
      for (let i = 0; i < p.length; i++) {
        const sym = symbolOf[p.charCodeAt(i)] as number;
        let next = children[state]?.get(sym);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          outputs.push([]);
          children[state]?.set(sym, next);
        }
        state = next;
      }
      outputs[state]?.push(g);
    }
  }

  // Breadth-first failure links, folded into a complete transition table (a DFA).
  const states = children.length;
  const delta = new Int32Array(states * symbols);
  const fail = new Int32Array(states);
  const queue: number[] = [];
  for (const [sym, next] of children[0] as Map<number, number>) {
    delta[sym] = next;
    queue.push(next);
  }
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head] as number;
    const row = s * symbols;
    const failRow = (fail[s] as number) * symbols;
    const out = outputs[s] as number[];
    for (const g of outputs[fail[s] as number] as number[]) if (!out.includes(g)) out.push(g);
    // A state moves like its failure state, except along its own edges (one native copy).
    delta.copyWithin(row, failRow, failRow + symbols);
    for (const [sym, next] of children[s] as Map<number, number>) {
      fail[next] = delta[failRow + sym] as number;
      delta[row + sym] = next;
      queue.push(next);
    }
  }
  // Outputs flattened: the groups of state s are outGroups[outStart[s] … outStart[s + 1] - 1].
  const outStart = new Int32Array(states + 1);
  for (let s = 0; s < states; s++) {
    outStart[s + 1] = (outStart[s] as number) + (outputs[s] as number[]).length;
  }
  const outGroups = Int32Array.from(outputs.flat());

  return {
    scan(text: string, hits: Uint8Array): void {
      let state = 0;
      for (let i = 0; i < text.length; i++) {
        state = delta[state * symbols + (symbolOf[text.charCodeAt(i)] as number)] as number;
        const end = outStart[state + 1] as number;
        for (let k = outStart[state] as number; k < end; k++) hits[outGroups[k] as number] = 1;
      }
    },
  };
}
