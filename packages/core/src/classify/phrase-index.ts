/**
 * A phrase index over the rule table's text phrases: one Aho–Corasick automaton (Aho & Corasick,
 * CACM 18(6), 1975) finds every phrase of every rule in a single pass over the text, so the
 * classifier reads a reply once instead of once per rule.
 *
 * Built for a cold start: the trie is one edge map and a few typed arrays, failure links are
 * computed once, and the automaton's transition table (a row of next states per state, the
 * DFA) is filled a row at a time, the first time a scan reaches that state. A full table
 * would be ~11k states × ~160 symbols (7 MB) built before the first event; real texts visit
 * a few hundred states.
 */

/** Finds which groups (rules) have at least one phrase in a text. */
export interface PhraseIndex {
  /** Marks `hits[g] = 1` for every group g with a phrase in `text` (lowercase). */
  scan(text: string, hits: Uint8Array): void;
}

/** Typographic apostrophes read as `'` (so `doesn’t` matches `doesn't`) without rewriting the text. */
const APOSTROPHES = [0x2018, 0x2019, 0x02bc];

/** Growable Int32 storage. */
function grow(a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (size <= a.length) return a;
  const b = new Int32Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Builds the automaton. `groups[g]` lists the lowercase phrases of group g.
 * @example buildPhraseIndex([['mailbox full'], ['user unknown']]).scan('550 user unknown', hits)
 */
export function buildPhraseIndex(groups: readonly (readonly string[])[]): PhraseIndex {
  // Alphabet: every UTF-16 unit used by a phrase gets a symbol; everything else is symbol 0.
  const symbolOf = new Uint16Array(65536);
  let symbols = 1;
  let chars = 1;
  for (const phrases of groups) {
    for (const p of phrases) {
      chars += p.length;
      for (let i = 0; i < p.length; i++) {
        const u = p.charCodeAt(i);
        if (symbolOf[u] === 0) symbolOf[u] = symbols++;
      }
    }
  }
  for (const u of APOSTROPHES) symbolOf[u] = symbolOf[39] as number;

  // Trie: edges in one map keyed `state * symbols + symbol`; each state's children as a list
  // (first child, next sibling) and the symbol on the edge into it.
  const edge = new Map<number, number>();
  const firstChild = new Int32Array(chars).fill(-1);
  const nextSibling = new Int32Array(chars).fill(-1);
  const symOf = new Int32Array(chars);
  const outputs: (number[] | undefined)[] = [];
  let states = 1;
  for (let g = 0; g < groups.length; g++) {
    for (const p of groups[g] ?? []) {
      let state = 0;
      for (let i = 0; i < p.length; i++) {
        const sym = symbolOf[p.charCodeAt(i)] as number;
        const key = state * symbols + sym;
        let next = edge.get(key);
        if (next === undefined) {
          next = states++;
          edge.set(key, next);
          symOf[next] = sym;
          nextSibling[next] = firstChild[state] as number;
          firstChild[state] = next;
        }
        state = next;
      }
      const out = outputs[state];
      if (out === undefined) outputs[state] = [g];
      else if (!out.includes(g)) out.push(g);
    }
  }

  // Failure links, breadth first (a state's failure state is shallower, so its outputs are
  // complete when the state's own are merged).
  const fail = new Int32Array(states);
  const queue = new Int32Array(states);
  let tail = 0;
  for (let c = firstChild[0] as number; c !== -1; c = nextSibling[c] as number) queue[tail++] = c;
  for (let head = 0; head < tail; head++) {
    const s = queue[head] as number;
    const inherited = outputs[fail[s] as number];
    if (inherited !== undefined) {
      const own = outputs[s];
      if (own === undefined) outputs[s] = inherited;
      else for (const g of inherited) if (!own.includes(g)) own.push(g);
    }
    for (let c = firstChild[s] as number; c !== -1; c = nextSibling[c] as number) {
      const sym = symOf[c] as number;
      let f = fail[s] as number;
      let target = edge.get(f * symbols + sym);
      while (target === undefined && f !== 0) {
        f = fail[f] as number;
        target = edge.get(f * symbols + sym);
      }
      fail[c] = target ?? 0;
      queue[tail++] = c;
    }
  }
  // Outputs flattened: the groups of state s are outGroups[outStart[s] … outStart[s + 1] - 1].
  const outStart = new Int32Array(states + 1);
  const flat: number[] = [];
  for (let s = 0; s < states; s++) {
    for (const g of outputs[s] ?? []) flat.push(g);
    outStart[s + 1] = flat.length;
  }
  const outGroups = Int32Array.from(flat);

  // The transition table, a row per state on first visit: `rowStart[s]` is the offset of s's
  // row in `rows` (-1 until filled). A row is its failure state's row plus its own edges.
  const rowStart = new Int32Array(states).fill(-1);
  let rows = new Int32Array(64 * symbols);
  let used = 0;
  const fill = (s: number): number => {
    const from =
      s === 0
        ? -1
        : rowStart[fail[s] as number] === -1
          ? fill(fail[s] as number)
          : rowStart[fail[s] as number];
    const at = used;
    rows = grow(rows, at + symbols);
    used += symbols;
    if (from !== -1) rows.copyWithin(at, from as number, (from as number) + symbols);
    for (let c = firstChild[s] as number; c !== -1; c = nextSibling[c] as number) {
      rows[at + (symOf[c] as number)] = c;
    }
    rowStart[s] = at;
    return at;
  };
  fill(0);

  return {
    scan(text: string, hits: Uint8Array): void {
      let row = rowStart[0] as number;
      for (let i = 0; i < text.length; i++) {
        const state = rows[row + (symbolOf[text.charCodeAt(i)] as number)] as number;
        row = rowStart[state] as number;
        if (row === -1) row = fill(state);
        const end = outStart[state + 1] as number;
        for (let k = outStart[state] as number; k < end; k++) hits[outGroups[k] as number] = 1;
      }
    },
  };
}
