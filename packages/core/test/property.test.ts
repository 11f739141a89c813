/** Property tests: the parser and the classifier never throw and always answer in the vocabulary. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify } from '../src/classify/classify.ts';
import { parseReply } from '../src/smtp/reply.ts';
import { ACTIONS } from '../src/types.ts';

const smtpish = fc
  .tuple(
    fc.constantFrom('', 'smtp;', 'SMTP; ', '#', 'host mx[1.2.3.4] said: '),
    fc.integer({ min: 100, max: 699 }),
    fc.constantFrom(' ', '-', ''),
    fc
      .tuple(
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 1000 }),
      )
      .map((p) => p.join('.')),
    fc.string(),
  )
  .map(([p, c, sep, e, t]) => `${p}${c}${sep}${e} ${t}`);

describe('Properties: parser and classifier', () => {
  it('never throw on arbitrary strings and always return a valid verdict', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), smtpish), (text) => {
        const reply = parseReply(text);
        expect(reply.code === null || (reply.code >= 200 && reply.code < 600)).toBe(true);
        expect(reply.enhanced === null || /^[245]\.\d{1,3}\.\d{1,3}$/.test(reply.enhanced)).toBe(
          true,
        );
        const verdict = classify(reply);
        expect(ACTIONS).toContain(verdict.action);
        expect(verdict.rule).toBeTruthy();
        expect(verdict.retry === null).toBe(verdict.action !== 'retry');
      }),
      { numRuns: 3000 },
    );
  });

  it('never throw on known parts that cannot become a memo key (found by the property below)', () => {
    const hostile = [{ toString: 0 }] as unknown as number;
    expect(() => parseReply('', { code: hostile })).not.toThrow();
    expect(() => parseReply('550 5.1.1 x', { enhanced: Object.create(null) })).not.toThrow();
    expect(parseReply('550 5.1.1 user unknown', { code: hostile }).code).toBe(550);
  });

  it('never throw on arbitrary vendor fields and hints', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (text, code, enhanced) => {
        const reply = parseReply(text, { code: code as number, enhanced: enhanced as string });
        expect(ACTIONS).toContain(classify(reply, { permanence: 'permanent' }).action);
      }),
      { numRuns: 1000 },
    );
  });
});
