/** normalizeRecipient: one spelling per mailbox; null for anything that is not an address. */
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
});
