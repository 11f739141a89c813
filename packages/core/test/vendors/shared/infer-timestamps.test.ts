/** Inferred replies (parts marked 'inferred', vendor parts kept) and vendor timestamp parsing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fillInferred,
  inferReply,
  replyFrom,
  stripDiagnosticType,
} from '../../../src/vendors/shared/infer.ts';
import { safeIso, toIsoTimestamp } from '../../../src/vendors/shared/timestamps.ts';

describe('inferReply / fillInferred', () => {
  it('marks every synthesized part inferred', () => {
    const r = inferReply({ code: 550, enhanced: '5.1.1', text: 'Bounced Address' });
    expect(r).toMatchObject({
      code: 550,
      enhanced: '5.1.1',
      text: 'Bounced Address',
      conflict: null,
    });
    expect(r.parts).toEqual({ code: 'inferred', enhanced: 'inferred', text: 'inferred' });
  });

  it('fills only what is missing and records a class conflict', () => {
    const base = replyFrom('Amazon SES did not send the message', { enhanced: '4.1.1' }, null);
    const r = fillInferred(base, { code: 550, enhanced: '5.1.1', text: 'ignored' });
    expect(r.enhanced).toBe('4.1.1');
    expect(r.parts.enhanced).toBe('vendor-field');
    expect([r.code, r.parts.code]).toEqual([550, 'inferred']);
    expect(r.text).toBe('Amazon SES did not send the message');
    expect(r.conflict).toEqual({ codeClass: 5, enhancedClass: 4 });
  });

  it('replyFrom returns null when there is no text, no known part and nothing to infer', () => {
    expect(replyFrom(null, {}, null)).toBeNull();
    expect(replyFrom('', { enhanced: null }, null)).toBeNull();
  });

  it.each([
    ['smtp;550 5.1.1 x', '550 5.1.1 x'],
    ['smtp; 550 5.1.1 x', '550 5.1.1 x'],
    ['X-Postfix; host said: 550', 'host said: 550'],
    ['550 plain', '550 plain'],
  ])('stripDiagnosticType(%j) → %j', (input, out) => {
    expect(stripDiagnosticType(input)).toBe(out);
  });
});

describe('toIsoTimestamp', () => {
  it.each([
    [1513299569, '2017-12-15T00:59:29.000Z'],
    [1591726752372, '2020-06-09T18:19:12.372Z'],
    ['1513299569', '2017-12-15T00:59:29.000Z'],
    ['2019-11-05T16:33:54.9070259Z', '2019-11-05T16:33:54.907Z'],
    ['2016-12-01T15:41:45-05:00', '2016-12-01T20:41:45.000Z'],
    ['2018-10-08T14:05:45 +0000', '2018-10-08T14:05:45.000Z'],
    ['2018-10-08T14:05:45-0400', '2018-10-08T18:05:45.000Z'],
  ])('%j → %s', (input, iso) => {
    expect(toIsoTimestamp(input)).toBe(iso);
  });

  it.each([[null], [undefined], [''], ['yesterday'], [-1], [Number.NaN], [{}], [1e300]])(
    '%j → null',
    (input) => {
      expect(toIsoTimestamp(input)).toBeNull();
    },
  );

  // safeIso formats most times itself: it must print what Date#toISOString prints.
  it('formats exactly like Date#toISOString', () => {
    const viaDate = (ms: number) => {
      const d = new Date(ms);
      return Number.isNaN(d.getTime()) ? null : d.toISOString();
    };
    const edges = [0, -0, 0.5, 999.9, 951_782_400_000, 4_107_542_400_000, 253_402_300_799_999];
    for (const ms of [...edges, 253_402_300_800_000, 8.64e15, 8.64e15 + 1, -1, Number.NaN]) {
      expect(safeIso(ms)).toBe(viaDate(ms));
    }
    // Every day from 1970 to 2400 (a whole 400-year cycle of leap rules), moving time of day.
    for (let day = 0; day <= 157_000; day++) {
      const ms = day * 86_400_000 + ((day * 7_919_011) % 86_400_000);
      if (safeIso(ms) !== viaDate(ms)) expect(safeIso(ms)).toBe(viaDate(ms));
    }
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2.6e14, noNaN: true }), (ms) => {
        expect(safeIso(ms)).toBe(viaDate(ms));
      }),
      { numRuns: 2000 },
    );
  });
});
