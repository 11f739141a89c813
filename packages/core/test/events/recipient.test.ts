/** normalizeRecipient: one spelling per mailbox; null for anything that is not an address. */

import { domainToASCII } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeRecipient } from '../../src/events/recipient.ts';

describe('normalizeRecipient', () => {
  it.each([
    ['Jane@Example.COM', 'jane@example.com'],
    ['  jane@example.com \n', 'jane@example.com'],
    ['"Jane Doe" <Jane@Example.com>', 'jane@example.com'],
    ['Jane Doe <jane@example.com>', 'jane@example.com'],
    ['<jane@example.com>', 'jane@example.com'],
    ['"a <b>" <jane@example.com>', 'jane@example.com'],
    ['=?utf-8?b?SmFuZQ==?= <jane@example.com>', 'jane@example.com'],
    ['jane@bücher.example', 'jane@xn--bcher-kva.example'],
    ['jane@BÜCHER.example', 'jane@xn--bcher-kva.example'],
    ['jane@example.com.', 'jane@example.com'],
    ['mailto:jane@example.com', 'jane@example.com'],
    ['"quoted@local"@example.com', '"quoted@local"@example.com'],
    ['invalid@invalid', 'invalid@invalid'],
    ['user@[192.0.2.1]', 'user@[192.0.2.1]'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeRecipient(raw)).toBe(expected);
  });

  it.each([
    ['', null],
    ['   ', null],
    ['not an address', null],
    ['@example.com', null],
    ['jane@', null],
    ['jane@exa mple.com', null],
    ['Jane <jane@example.com', null],
    ['jane@example..com', null],
    [`${'a'.repeat(65)}@example.com`, null],
    [null, null],
    [42, null],
    [{ email: 'a@b.c' }, null],
  ])('%j → null', (raw, expected) => {
    expect(normalizeRecipient(raw)).toBe(expected);
  });

  it('never throws, and its output is a fixed point', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.emailAddress(), fc.string({ unit: 'grapheme' }), fc.anything()),
        (raw) => {
          const out = normalizeRecipient(raw);
          expect(out === null || typeof out === 'string').toBe(true);
          if (out !== null) expect(normalizeRecipient(out)).toBe(out);
        },
      ),
      { numRuns: 500 },
    );
  });

  // Plain lowercase domains skip domainToASCII: the answer must be the one it would give.
  it('agrees with domainToASCII on ASCII domains (fast path included)', () => {
    const viaUrl = (domain: string): string | null => {
      const ascii = domainToASCII(domain);
      const bad =
        ascii === '' || ascii.length > 255 || ascii.startsWith('.') || ascii.includes('..');
      return bad ? null : `jane@${ascii}`;
    };
    const label = fc.stringMatching(/^(?:[a-z0-9-]{1,12}|xn--[a-z0-9-]{0,8}|0x[0-9a-f]{0,3})$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 5 }), (labels) => {
        const domain = labels.join('.');
        expect(normalizeRecipient(`jane@${domain}`)).toBe(viaUrl(domain));
      }),
      { numRuns: 2000 },
    );
    for (const domain of [
      'a.1',
      'a.0x1',
      'a.0xg',
      '0x7f.1',
      'xn--a.com',
      'a-.b',
      'b'.repeat(256),
    ]) {
      expect(normalizeRecipient(`jane@${domain}`)).toBe(viaUrl(domain));
    }
  });
});
