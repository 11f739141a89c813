/**
 * The phrase index against the obvious reading (`text.includes(phrase)` for every phrase of
 * every group): random phrase sets over a small alphabet (so phrases overlap, nest and share
 * suffixes, which is where failure links and lazily filled rows go wrong) and random texts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPhraseIndex } from '../../src/classify/phrase-index.ts';

const ALPHABET = ['a', 'b', 'c', ' ', "'", 'é'];
const word = (max: number) =>
  fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: max }).map((c) => c.join(''));
const groupsArb = fc.array(fc.array(word(6), { minLength: 0, maxLength: 4 }), {
  minLength: 1,
  maxLength: 12,
});
const textArb = fc
  .array(fc.constantFrom(...ALPHABET, 'x', '\u2019', '5'), { maxLength: 60 })
  .map((c) => c.join(''));

function naive(groups: string[][], text: string): number[] {
  const t = text.replace(/[\u2018\u2019\u02bc]/g, "'");
  return groups.flatMap((g, i) => (g.some((p) => t.includes(p)) ? [i] : []));
}

function hitsOf(groups: string[][], texts: string[]): number[][] {
  const index = buildPhraseIndex(groups);
  return texts.map((text) => {
    const hits = new Uint8Array(groups.length);
    index.scan(text, hits);
    return [...hits.keys()].filter((g) => hits[g] === 1);
  });
}

describe('buildPhraseIndex', () => {
  it('marks exactly the groups with a phrase in the text, scan after scan', () => {
    fc.assert(
      fc.property(groupsArb, fc.array(textArb, { minLength: 1, maxLength: 8 }), (groups, texts) => {
        // One index serves many scans: rows filled by an earlier scan must serve later ones.
        expect(hitsOf(groups, texts)).toEqual(texts.map((t) => naive(groups, t)));
      }),
      { numRuns: 400 },
    );
  });

  it('finds nested and overlapping phrases (failure links)', () => {
    const groups = [['he'], ['she'], ['his'], ['hers'], ['user unknown'], ['unknown']];
    expect(hitsOf(groups, ['ushers', 'the user unknown here', 'unknow', 'xhis'])).toEqual([
      [0, 1, 3],
      [0, 4, 5],
      [],
      [2],
    ]);
  });

  it('reads typographic apostrophes as an ASCII one', () => {
    expect(hitsOf([["doesn't exist"]], ['mailbox doesn\u2019t exist', 'doesnt exist'])).toEqual([
      [0],
      [],
    ]);
  });
});
