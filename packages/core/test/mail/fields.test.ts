/** Header-style fields: folding, blank-line groups, typed values and comments. */
import { describe, expect, it } from 'vitest';
import { field, parseFieldGroups, uncommented, untyped } from '../../src/mail/fields.ts';

describe('Function: parseFieldGroups', () => {
  it('splits groups on blank lines (with CRLF or blanks) and unfolds continuation lines', () => {
    // Act
    const groups = parseFieldGroups(
      'Reporting-MTA: dns; mx.example\r\n \r\nFinal-Recipient: rfc822; a@b.example\r\nDiagnostic-Code: smtp; 550 5.1.1\r\n  user unknown\r\n\tsee there\r\n',
    );
    // Assess
    expect(groups).toHaveLength(2);
    expect(field(groups[0], 'reporting-mta')).toBe('dns; mx.example');
    expect(field(groups[1], 'diagnostic-code')).toBe('smtp; 550 5.1.1 user unknown see there');
  });

  it('keeps repeated fields in order and skips lines that are not fields', () => {
    const [g] = parseFieldGroups(
      'Reported-Uri: http://a.example\nnot a field\nReported-Uri: mailto:b@c.example',
    );
    expect(g?.get('reported-uri')).toEqual(['http://a.example', 'mailto:b@c.example']);
  });

  it('stops after the asked number of groups', () => {
    expect(parseFieldGroups('A: 1\n\nB: 2\n\nC: 3', 2)).toHaveLength(2);
  });

  it('untyped drops the type, uncommented the comments', () => {
    expect(untyped('rfc822; <a@b.example>')).toBe('<a@b.example>');
    expect(untyped('a@b.example')).toBe('a@b.example');
    expect(uncommented('5.0.0 (permanent failure)')).toBe('5.0.0');
    expect([untyped(null), untyped('rfc822;'), uncommented('(only)')]).toEqual([null, null, null]);
  });
});
