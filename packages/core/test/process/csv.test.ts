/**
 * Rebound's CSV cells: RFC 4180 quoting, formula-like values neutralized with an apostrophe
 * (CSV injection), and `csvText` undoing exactly that for any text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvText, parseCsv } from '../../src/process/imports.ts';

describe('csvField', () => {
  it.each([
    ['plain@example.com', 'plain@example.com'],
    ['=1+2@example.com', "'=1+2@example.com"],
    ['+x@example.com', "'+x@example.com"],
    ['-x@example.com', "'-x@example.com"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ["'quoted", "''quoted"],
    ['a,b', '"a,b"'],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['', ''],
  ])('%j → %j', (value, cell) => {
    expect(csvField(value)).toBe(cell);
  });

  it("drops only the apostrophe it added: an older export's leading apostrophe stays", () => {
    expect(csvText("'=1+2@example.com")).toBe('=1+2@example.com');
    expect(csvText("''quoted")).toBe("'quoted");
    expect(csvText("'jane@example.com")).toBe("'jane@example.com");
    expect(csvText('plain@example.com')).toBe('plain@example.com');
  });

  it('round-trips any text through parseCsv and csvText', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite' }), fc.string(), (a, b) => {
        const rows = parseCsv(`k,${csvField(a)},${csvField(b)}\r\n`);
        expect(rows).toHaveLength(1);
        expect(rows[0]?.slice(1).map(csvText)).toEqual([a, b]);
      }),
      { numRuns: 500 },
    );
  });
});
