/**
 * The adaptive memo: it keeps what repeats, steps aside (cleared, bypassed for a pause) after
 * a window of lookups that mostly miss, probes again after the pause; and classification gives
 * the same verdicts whether its memos are in use or stepped aside.
 */
import { describe, expect, it } from 'vitest';
import { AdaptiveMemo } from '../src/adaptive-memo.ts';
import { classify } from '../src/classify/classify.ts';
import { parseReply } from '../src/smtp/reply.ts';

/** Runs one memoized call the way parseReply and classify do; true when it hit. */
function call(memo: AdaptiveMemo<string>, key: string): boolean | 'bypassed' {
  if (!memo.active()) return 'bypassed';
  if (memo.get(key) !== undefined) return true;
  memo.set(key, key.toUpperCase());
  return false;
}

describe('AdaptiveMemo', () => {
  it('keeps repeated keys and stays in use while they hit', () => {
    const memo = new AdaptiveMemo<string>(64, 100, 500);
    const results = Array.from({ length: 1000 }, (_, i) => call(memo, `k${i % 10}`));
    expect(results.slice(0, 10).every((r) => r === false)).toBe(true);
    expect(results.slice(10).every((r) => r === true)).toBe(true);
    expect(memo.get('k3')).toBe('K3');
  });

  it('steps aside after a window of misses, for exactly the pause, then probes again', () => {
    const memo = new AdaptiveMemo<string>(64, 100, 500);
    const results = Array.from({ length: 100 + 500 + 100 }, (_, i) => call(memo, `u${i}`));
    expect(results.slice(0, 100).every((r) => r === false)).toBe(true);
    expect(results.slice(100, 600).every((r) => r === 'bypassed')).toBe(true);
    expect(results.slice(600).every((r) => r === false)).toBe(true);
    // Cleared when it stepped aside: what it held before is gone.
    expect(memo.get('u5')).toBeUndefined();
  });

  it('stays in use at one hit in twenty lookups or more, steps aside below', () => {
    const run = (every: number) => {
      const memo = new AdaptiveMemo<string>(4096, 100, 500);
      return Array.from({ length: 200 }, (_, i) => call(memo, i % every === 0 ? 'same' : `u${i}`));
    };
    // 100-lookup windows: a repeat every 19 lookups hits 5 times (1 in 20); every 21, 4 times.
    expect(run(19).includes('bypassed')).toBe(false);
    expect(run(21).includes('bypassed')).toBe(true);
  });

  it('bounds its size: cleared when full', () => {
    const memo = new AdaptiveMemo<string>(3, 1000, 10);
    for (const k of ['a', 'b', 'c', 'd']) call(memo, k);
    expect(memo.get('a')).toBeUndefined();
    expect(memo.get('d')).toBe('D');
  });
});

describe('classification with its memos in use or stepped aside', () => {
  it('gives the same reply and verdict', () => {
    const texts = [
      '550 5.1.1 <a@b.c>: Recipient address rejected: User unknown',
      '421-4.7.28 Gmail has detected an unusual rate of unsolicited mail',
      '452 4.2.2 Mailbox full',
      '554 5.7.1 Service unavailable; Client host blocked using zen.spamhaus.org',
      'smtp; 550 Requested action not taken: mailbox unavailable',
    ];
    const repeated = texts.map((t) => classify(parseReply(t)));
    // Thousands of unique texts make both memos step aside; then the same texts again.
    for (let i = 0; i < 3000; i++) classify(parseReply(`550 unique text ${i} ${Math.random()}`));
    const aside = texts.map((t) => classify(parseReply(t)));
    expect(aside).toEqual(repeated);
    expect(texts.map((t) => parseReply(t))).toEqual(texts.map((t) => parseReply(t)));
  });
});
