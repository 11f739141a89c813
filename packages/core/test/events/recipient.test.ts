/** normalizeRecipient / checkRecipient: one spelling per mailbox; a reason for anything that is not one. */

import { domainToASCII } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRecipient, normalizeRecipient } from '../../src/events/recipient.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the property is that none get through
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

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
    // NFC: composed and decomposed spellings are one mailbox (local part and domain).
    ['josé@example.com', 'josé@example.com'],
    ['jose\u0301@example.com', 'josé@example.com'],
    ['JOSE\u0301@example.com', 'josé@example.com'],
    ['jane@bu\u0308cher.example', 'jane@xn--bcher-kva.example'],
    // Quotes that are not needed go; needed ones stay, escaped canonically.
    ['"quoted"@example.com', 'quoted@example.com'],
    ['"Jane.Doe"@Example.com', 'jane.doe@example.com'],
    ['"j\\ane"@example.com', 'jane@example.com'],
    ['"a\\"b"@example.com', '"a\\"b"@example.com'],
    ['"a\\\\b"@example.com', '"a\\\\b"@example.com'],
    ['"a:b"@example.com', '"a:b"@example.com'],
    ['""@example.com', '""@example.com'],
    ['"a..b"@example.com', 'a..b@example.com'],
    // A +tag is part of the mailbox.
    ['Jane+News@Example.com', 'jane+news@example.com'],
    ["o'brien!#$%&*/=?^_`{|}~-@example.com", "o'brien!#$%&*/=?^_`{|}~-@example.com"],
    ['user@1.2.3.4', 'user@1.2.3.4'],
    ['jane@ex_ample.com', 'jane@ex_ample.com'],
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

  // Plain ASCII domains skip domainToASCII: the answer must be the one it would give. A numeric
  // last label is the exception by design: WHATWG reads `0x7f.1` or `1.2.3` as IPv4 (127.0.0.1,
  // 1.2.0.3); Rebound takes only a canonical dotted quad and refuses the rest.
  it('agrees with domainToASCII on ASCII domains (fast path included)', () => {
    const viaUrl = (domain: string): string | null => {
      const ascii = domainToASCII(domain);
      const bad =
        ascii === '' || ascii.length > 255 || ascii.startsWith('.') || ascii.includes('..');
      return bad ? null : `jane@${ascii}`;
    };
    const quad = (labels: string[]) =>
      labels.length === 4 && labels.every((l) => /^(?:0|[1-9][0-9]{0,2})$/.test(l) && +l <= 255);
    const expected = (domain: string): string | null => {
      const labels = domain.split('.');
      if (!/^(?:[0-9]+|0x[0-9a-f]*)$/.test(labels.at(-1) as string)) return viaUrl(domain);
      if (!quad(labels)) return null;
      expect(domainToASCII(domain)).toBe(domain); // an accepted quad is what WHATWG gives too
      return `jane@${domain}`;
    };
    const label = fc.stringMatching(/^(?:[a-z0-9-]{1,12}|xn--[a-z0-9-]{0,8}|0x[0-9a-f]{0,3})$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 5 }), (labels) => {
        const domain = labels.join('.');
        expect(normalizeRecipient(`jane@${domain}`)).toBe(expected(domain));
      }),
      { numRuns: 2000 },
    );
    for (const domain of [
      'a.1',
      'a.0x1',
      'a.0xg',
      '0x7f.1',
      '1.2.3',
      '1.2.3.04',
      '256.1.1.1',
      '0.0.0.0',
      'xn--a.com',
      'a-.b',
      'b'.repeat(256),
    ]) {
      expect(normalizeRecipient(`jane@${domain}`)).toBe(expected(domain));
    }
  });
});

describe('checkRecipient', () => {
  it.each([
    [null, 'not-a-string'],
    [' \t ', 'empty'],
    [`"${'x'.repeat(700)}" <a@example.com>`, 'too-long'],
    ['jane\u0000@example.com', 'control-character'],
    ['jane@example.com\u001b[31m', 'control-character'],
    ['"Jane\u0007" <jane@example.com>', 'control-character'],
    ['ja\u007fne@example.com', 'control-character'],
    ['ja\u009bne@example.com', 'control-character'],
    ['jane@exam\u0085ple.com', 'control-character'],
    ['jane\ud800@example.com', 'malformed-unicode'],
    ['Jane <jane@example.com', 'unclosed-angle-bracket'],
    ['jane.example.com', 'no-at-sign'],
    ['@example.com', 'empty-local-part'],
    ['jane@', 'empty-domain'],
    ['ja ne@example.com', 'invalid-local-part'],
    ['a:b@example.com', 'invalid-local-part'],
    ['stream:marketing:jane@example.com', 'invalid-local-part'],
    ['a"b@example.com', 'invalid-local-part'],
    ['a\\b@example.com', 'invalid-local-part'],
    ['"a"b"@example.com', 'invalid-local-part'],
    ['"ab@example.com', 'invalid-local-part'],
    ['"a".b@example.com', 'invalid-local-part'],
    ['"a\\"@example.com', 'invalid-local-part'],
    ['"a b"@example.com', 'invalid-local-part'],
    ['(comment)jane@example.com', 'invalid-local-part'],
    [`${'é'.repeat(33)}@example.com`, 'local-part-too-long'],
    ['jane@a/b.com', 'invalid-domain'],
    ['jane@example.com?x', 'invalid-domain'],
    ['jane@gmail.com#x.example.org', 'invalid-domain'],
    ['jane@ex%41mple.com', 'invalid-domain'],
    ['jane@example.com..', 'invalid-domain'],
    ['jane@.example.com', 'invalid-domain'],
    ['jane@a\uff0fb.com', 'invalid-domain'],
    ['jane@a\u05d0.com', 'invalid-domain'],
    ['jane@0x7f.1', 'invalid-domain'],
    ['jane@1.2.3', 'invalid-domain'],
    ['jane@exa\u3000mple.com', 'invalid-domain'],
    [`jane@${'b'.repeat(256)}`, 'domain-too-long'],
  ])('%j → %s', (raw, error) => {
    const check = checkRecipient(raw);
    expect(check).toMatchObject({ ok: false, error });
    if (!check.ok) {
      expect(check.message.length).toBeGreaterThan(5);
      expect(check.message).not.toMatch(CONTROL);
    }
  });

  it('names the control character and where it is', () => {
    expect(checkRecipient('jane\u001b@example.com')).toEqual({
      ok: false,
      error: 'control-character',
      message: 'contains the control character U+001B at position 4',
    });
  });

  it('gives the address when there is one', () => {
    expect(checkRecipient(' "Jane" <Jane+Tag@Bücher.example> ')).toEqual({
      ok: true,
      address: 'jane+tag@xn--bcher-kva.example',
    });
  });
});

/** Characters that exercise every branch: atext, specials, quotes, escapes, Unicode, controls. */
const piece = fc.constantFrom(
  ...'aZ09.+-_!~'.split(''),
  ...'"\\ @<>:,;()[]%/'.split(''),
  'é',
  'e\u0301',
  'Ü',
  'ß',
  'İ',
  'Σ',
  '日',
  '\u0000',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\ud800',
);
const messy = fc
  .tuple(
    fc.array(piece, { maxLength: 12 }),
    fc.array(piece, { maxLength: 12 }),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([l, d, quoted, named]) => {
    const local = quoted ? `"${l.join('')}"` : l.join('');
    const address = `${local}@${d.join('')}example.com`;
    return named ? `Name <${address}>` : address;
  });

/** Letters with a canonical decomposition, and ASCII, for NFC/NFD spellings. */
const accented = fc.constantFrom(...'aeoz09.+_-'.split(''), ...'éüñÅöçãőǻ가ÉÜ'.split(''));
const word = fc.array(accented, { minLength: 1, maxLength: 10 }).map((a) => a.join(''));
const label = fc.array(fc.constantFrom(...'abcxyz09-'.split(''), ...'üéñ'.split('')), {
  minLength: 1,
  maxLength: 8,
});
const domain = fc
  .array(label, { minLength: 1, maxLength: 3 })
  .map((ls) => `${ls.map((l) => l.join('')).join('.')}.example`);

/** RFC 5322 atext and dots: a local part that never needs quotes. */
const atext = fc
  .array(fc.constantFrom(...".abcXYZ019!#$%&'*+-/=?^_`{|}~é日".split('')), {
    minLength: 1,
    maxLength: 16,
  })
  .map((a) => a.join(''));

describe('normalization properties', () => {
  it('is idempotent, never throws, and never lets a control character through', () => {
    fc.assert(
      fc.property(fc.oneof(messy, fc.string({ unit: 'binary' }), fc.anything()), (raw) => {
        const check = checkRecipient(raw);
        expect(normalizeRecipient(raw)).toBe(check.ok ? check.address : null);
        if (check.ok) {
          expect(check.address).not.toMatch(CONTROL);
          expect(check.address.isWellFormed()).toBe(true);
          expect(check.address).toBe(check.address.normalize('NFC'));
          expect(checkRecipient(check.address)).toEqual(check);
        } else {
          expect(check.message).not.toMatch(CONTROL);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('NFC and NFD spellings (and upper/lower case) are one address', () => {
    fc.assert(
      fc.property(word, domain, (local, dom) => {
        const nfc = `${local}@${dom}`.normalize('NFC');
        const nfd = `${local}@${dom}`.normalize('NFD');
        const out = normalizeRecipient(nfc);
        expect(out).not.toBeNull();
        expect(normalizeRecipient(nfd)).toBe(out);
        expect(normalizeRecipient(nfd.toUpperCase())).toBe(normalizeRecipient(nfc.toUpperCase()));
      }),
      { numRuns: 1000 },
    );
  });

  it('quoted and unquoted spellings of a local part that needs no quotes are one address', () => {
    fc.assert(
      fc.property(atext, domain, (local, dom) => {
        const plain = normalizeRecipient(`${local}@${dom}`);
        expect(plain).not.toBeNull();
        expect(normalizeRecipient(`"${local}"@${dom}`)).toBe(plain);
        // every character escaped (`\x` is x inside quotes) is still the same mailbox
        const escaped = [...local].map((c) => `\\${c}`).join('');
        expect(normalizeRecipient(`"${escaped}"@${dom}`)).toBe(plain);
        expect(plain?.startsWith('"')).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('a local part that needs quotes keeps them, escaped canonically, and round-trips', () => {
    const special = fc
      .array(fc.constantFrom(...'ab.@:()[]"\\'.split('')), { minLength: 1, maxLength: 10 })
      .map((a) => a.join(''))
      .filter((s) => !/^[a-z.]+$/.test(s));
    fc.assert(
      fc.property(special, (content) => {
        const quoted = `"${content.replace(/["\\]/g, '\\$&')}"@example.com`;
        expect(normalizeRecipient(quoted)).toBe(quoted);
      }),
      { numRuns: 500 },
    );
  });
});
