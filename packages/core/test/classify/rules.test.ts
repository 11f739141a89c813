/** The rule table: integrity, evidence for every suppression, and every row reached by a real sample. */
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify.ts';
import { REASONS } from '../../src/classify/reasons.ts';
import { RULES } from '../../src/classify/rules.ts';
import { parseReply } from '../../src/smtp/reply.ts';
import { ACTIONS } from '../../src/types.ts';
import { RULE_SAMPLES } from './rule-samples.ts';

/** Conditions that are evidence about the address (policy.md "Suppress on evidence"). */
const EVIDENCE_KEYS = ['text', 'enhanced', 'kinds', 'hintReasons', 'permanence', 'codes'];

describe('Data: RULES', () => {
  it('has unique ids, a known reason (and action) and a source on every row', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(Object.keys(REASONS), r.id).toContain(r.reason);
      if (r.action) expect(ACTIONS, r.id).toContain(r.action);
      expect(r.source.length, r.id).toBeGreaterThan(5);
    }
  });

  it('ends with an unconditional fallback', () => {
    const last = RULES.at(-1);
    expect(last?.id).toBe('fallback');
    expect(Object.keys(last ?? {}).sort()).toEqual(['id', 'reason', 'source']);
  });

  it('writes text phrases in lowercase (the matcher lowercases the reply once)', () => {
    for (const r of RULES) {
      for (const t of r.text ?? [])
        if (typeof t === 'string') expect(t, r.id).toBe(t.toLowerCase());
    }
  });

  it('never suppresses on a policy, sender or message reason', () => {
    for (const r of RULES) {
      const side = REASONS[r.reason].side;
      // The vendor's own hard-bounce verdict is evidence even when the reason stays undetermined.
      if (side !== 'recipient' && !r.permanence)
        expect(r.action ?? REASONS[r.reason].action, r.id).not.toBe('suppress');
    }
  });

  it('rests every suppressing row on evidence, and never puts a bare class on probation rows with evidence', () => {
    for (const r of RULES) {
      const action = r.action ?? REASONS[r.reason].action;
      if (action !== 'suppress') continue;
      expect(r.probation, r.id).toBeUndefined();
      expect(
        Object.keys(r).some((k) => EVIDENCE_KEYS.includes(k)),
        r.id,
      ).toBe(true);
      // A bare basic code suppresses only when it is itself an address code (RFC 7505's 556).
      if (r.codes) expect(r.codes, r.id).toEqual([556]);
    }
  });

  it('is reached, row by row, by at least one sample', () => {
    const sampled = new Set(RULE_SAMPLES.map((s) => s.rule));
    expect(RULES.filter((r) => !sampled.has(r.id)).map((r) => r.id)).toEqual([]);
  });

  it.each(RULE_SAMPLES)('$rule → $action for "$text"', ({ rule, text, hints, reason, action }) => {
    const verdict = classify(text ? parseReply(text) : null, hints);
    expect(verdict.rule).toBe(rule);
    const row = RULES.find((r) => r.id === rule);
    expect(verdict.action).toBe(action);
    expect(verdict.reason).toBe(reason ?? row?.reason);
    expect(verdict.source).toBe(row?.source);
  });
});

describe('Precedence: a 4xx keeps the meaning of its words', () => {
  // The reason of a temporary reply is the one its words have as a permanent reply: the class
  // changes the action only. This holds whatever the position of the 4xx fallback row.
  const worded = (rule: string) => RULES.find((r) => r.id === rule)?.text !== undefined;
  it.each(RULE_SAMPLES.filter((s) => /^5\d\d /.test(s.text) && !s.hints && worded(s.rule)))(
    '4xx of "$text" has the 5xx reason',
    ({ text }) => {
      const permanent = classify(parseReply(text));
      const temporary = classify(
        parseReply(text.replace(/^5(\d\d) 5\./, '4$1 4.').replace(/^5(\d\d) /, '4$1 ')),
      );
      if (permanent.rule === 'never-retry-deferral' || permanent.reason === 'auto-reply') return;
      expect(temporary.reason).toBe(permanent.reason);
      expect(temporary.action).toBe(
        permanent.rule === 'never-retry-deferral' ? 'investigate' : 'retry',
      );
    },
  );

  it('moving the 4xx fallback row to the top of the table changes no reason', async () => {
    const { RULES: rows } = await import('../../src/classify/rules.ts');
    const fallback = rows.find((r) => r.id === 'transient-4xx');
    expect(fallback?.text).toBeUndefined();
    // The row has no text: it can only decide a 4xx that no wording explains, so its position
    // among the text rows cannot change any reason (reasons come from the words, not the class).
    expect(fallback?.classes).toEqual([4]);
  });
});

describe('Precedence: rows without words cannot change what the words mean', async () => {
  const { createClassifier } = await import('../../src/classify/classify.ts');
  // Move the 4xx fallback from the end of the table to right after the last worded row: every
  // sample keeps its verdict (its reason comes from the words, its action from the class).
  const lastText = RULES.findLastIndex((r) => r.text !== undefined);
  const moved = RULES.filter((r) => r.id !== 'transient-4xx');
  moved.splice(lastText, 0, RULES.find((r) => r.id === 'transient-4xx')!);
  const reordered = createClassifier(moved);

  it.each(RULE_SAMPLES)('same verdict for "$text"', ({ text, hints }) => {
    const reply = text ? parseReply(text) : null;
    const [a, b] = [reordered(reply, hints), classify(reply, hints)];
    expect({ action: a.action, reason: a.reason, retry: a.retry }).toEqual({
      action: b.action,
      reason: b.reason,
      retry: b.retry,
    });
  });
});
