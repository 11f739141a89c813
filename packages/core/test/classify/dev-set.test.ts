/**
 * The labelled dev diagnostics (real bounces): action agreement, never a wrong `suppress`, and
 * exact code extraction where the label says the code is in the text. Prints the figures.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify.ts';
import { parseReply } from '../../src/smtp/reply.ts';

interface Labelled {
  id: string;
  diagnostic: string;
  expected_action: string;
  ambiguous: boolean;
  alt_action?: string | null;
  expected_code: string | null;
  expected_enhanced: string | null;
  code_in_text: boolean;
  enhanced_in_text: boolean;
}

const file = fileURLToPath(
  new URL('../../../../test/fixtures/diagnostics/dev-diagnostics.jsonl', import.meta.url),
);
const DEV: Labelled[] = readFileSync(file, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const results = DEV.map((d) => {
  const reply = parseReply(d.diagnostic);
  return { d, reply, verdict: classify(reply) };
});

describe('Data: dev diagnostics', () => {
  it('has the labelled set to score', () => {
    expect(DEV.length).toBeGreaterThan(100);
  });

  it('agrees on the action for at least 98% of the non-ambiguous entries', () => {
    const clear = results.filter((r) => !r.d.ambiguous);
    const agree = clear.filter((r) => r.verdict.action === r.d.expected_action);
    const misses = clear
      .filter((r) => r.verdict.action !== r.d.expected_action)
      .map((r) => `${r.d.id}: ${r.verdict.action} (${r.verdict.rule})`);
    console.log(
      `dev-set action agreement: ${agree.length}/${clear.length} non-ambiguous (${((100 * agree.length) / clear.length).toFixed(1)}%); misses: ${misses.join(', ') || 'none'}`,
    );
    expect(agree.length / clear.length).toBeGreaterThanOrEqual(0.98);
  });

  it('never suppresses an entry labelled investigate, retry or fix-config', () => {
    const wrong = results.filter(
      (r) =>
        !r.d.ambiguous &&
        r.verdict.action === 'suppress' &&
        ['investigate', 'retry', 'fix-config'].includes(r.d.expected_action),
    );
    expect(wrong.map((r) => r.d.id)).toEqual([]);
  });

  it('extracts the basic code wherever it is in the text', () => {
    const scored = results.filter((r) => r.d.code_in_text);
    const wrong = scored
      .filter((r) => String(r.reply.code) !== r.d.expected_code)
      .map((r) => `${r.d.id}: ${r.reply.code}`);
    console.log(`dev-set code extraction: ${scored.length - wrong.length}/${scored.length}`);
    expect(wrong).toEqual([]);
  });

  it('extracts the enhanced code wherever it is in the text', () => {
    const scored = results.filter((r) => r.d.enhanced_in_text);
    const wrong = scored
      .filter((r) => r.reply.enhanced !== r.d.expected_enhanced)
      .map((r) => `${r.d.id}: ${r.reply.enhanced}`);
    console.log(`dev-set enhanced extraction: ${scored.length - wrong.length}/${scored.length}`);
    expect(wrong).toEqual([]);
  });
});
