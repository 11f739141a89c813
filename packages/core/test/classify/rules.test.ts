/** The rule table: integrity, and every row reached by a real sample (sisimai's reason-children test). */
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/classify.ts';
import { RULES } from '../../src/classify/rules.ts';
import { parseReply } from '../../src/smtp/reply.ts';
import { ACTIONS } from '../../src/types.ts';
import { RULE_SAMPLES } from './rule-samples.ts';

describe('Data: RULES', () => {
  it('has unique ids, a known action and a source on every row', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(ACTIONS).toContain(r.action);
      expect(r.source.length, r.id).toBeGreaterThan(5);
    }
  });

  it('ends with an unconditional fallback', () => {
    const last = RULES.at(-1);
    expect(last?.id).toBe('fallback');
    expect(Object.keys(last ?? {}).sort()).toEqual(['action', 'id', 'reason', 'source']);
  });

  it('writes text phrases in lowercase (the matcher lowercases the reply once)', () => {
    for (const r of RULES) {
      for (const t of r.text ?? [])
        if (typeof t === 'string') expect(t, r.id).toBe(t.toLowerCase());
    }
  });

  it('never suppresses on a policy-block reason', () => {
    const policy = ['blocklisted', 'reputation', 'policy-block', 'relay-denied', 'spam-detected'];
    for (const r of RULES)
      if (policy.includes(r.reason)) expect(r.action, r.id).not.toBe('suppress');
  });

  it('is reached, row by row, by at least one sample', () => {
    const sampled = new Set(RULE_SAMPLES.map((s) => s.rule));
    expect(RULES.filter((r) => !sampled.has(r.id)).map((r) => r.id)).toEqual([]);
  });

  it.each(RULE_SAMPLES)('$rule fires for "$text"', ({ rule, text, hints, reason }) => {
    const verdict = classify(text ? parseReply(text) : null, hints);
    expect(verdict.rule).toBe(rule);
    const row = RULES.find((r) => r.id === rule);
    expect(verdict.action).toBe(row?.action);
    expect(verdict.reason).toBe(reason ?? row?.reason);
    expect(verdict.source).toBe(row?.source);
  });
});
