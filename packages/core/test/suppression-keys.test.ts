/** Suppression keys: global / stream / hmac layouts, their lookup order, and parsing them back. */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeRecipient } from '../src/events/recipient.ts';
import {
  hashedKey,
  isStreamName,
  lookupKeys,
  parseSuppressionKey,
  streamKey,
  suppressionKey,
} from '../src/suppression-keys.ts';

describe('suppression keys', () => {
  it('global = the address; stream = stream:<name>:<address>', () => {
    expect(suppressionKey('jane@example.com')).toBe('jane@example.com');
    expect(suppressionKey('jane@example.com', { stream: 'marketing' })).toBe(
      'stream:marketing:jane@example.com',
    );
    expect(streamKey('a_1-b', '"a:b"@example.com')).toBe('stream:a_1-b:"a:b"@example.com');
  });

  it.each([
    ['marketing', true],
    ['0', true],
    ['a'.repeat(32), true],
    ['a'.repeat(33), false],
    ['', false],
    ['-news', false],
    ['_news', false],
    ['News', false],
    ['news:x', false],
    ['news letter', false],
    [42, false],
  ])('stream name %j → %s', (name, ok) => {
    expect(isStreamName(name)).toBe(ok);
    if (!ok && typeof name === 'string') expect(() => streamKey(name, 'a@b.c')).toThrow(RangeError);
  });

  it('hmac key = hmac: + lowercase hex HMAC-SHA256(hashKey, plain key)', () => {
    const want = createHmac('sha256', 'secret').update('jane@example.com').digest('hex');
    expect(hashedKey('secret', 'jane@example.com')).toBe(`hmac:${want}`);
    expect(hashedKey(Buffer.from('secret'), 'jane@example.com')).toBe(`hmac:${want}`);
    // A known vector, so other languages can check theirs (also in docs/address-conformance.json).
    expect(hashedKey('k', 'stream:news:jane@example.com')).toBe(
      `hmac:${createHmac('sha256', 'k').update('stream:news:jane@example.com').digest('hex')}`,
    );
    expect(() => hashedKey('', 'a@b.c')).toThrow(/hashKey/);
  });

  it('lookupKeys: global first, then stream, each followed by its hmac form', () => {
    expect(lookupKeys('jane@example.com')).toEqual([
      { key: 'jane@example.com', scope: 'global', hashed: false },
    ]);
    const all = lookupKeys('jane@example.com', { stream: 'news', hashKey: 'k' });
    expect(all.map((k) => [k.scope, k.hashed])).toEqual([
      ['global', false],
      ['global', true],
      ['news', false],
      ['news', true],
    ]);
    expect(all[1]?.key).toBe(hashedKey('k', 'jane@example.com'));
    expect(all[3]?.key).toBe(hashedKey('k', 'stream:news:jane@example.com'));
    expect(() => lookupKeys('jane@example.com', { stream: 'Bad' })).toThrow(/stream name/);
  });

  it('parses keys back', () => {
    expect(parseSuppressionKey('jane@example.com')).toEqual({
      kind: 'global',
      address: 'jane@example.com',
    });
    expect(parseSuppressionKey('stream:news:"a:b"@example.com')).toEqual({
      kind: 'stream',
      stream: 'news',
      address: '"a:b"@example.com',
    });
    const h = hashedKey('k', 'jane@example.com');
    expect(parseSuppressionKey(h)).toEqual({ kind: 'hashed', digest: h.slice(5) });
    for (const bad of ['stream:Bad:a@b.c', 'stream:news', 'hmac:xyz', 'no-at-sign']) {
      expect(parseSuppressionKey(bad)).toBeNull();
    }
  });

  // The namespaces cannot collide: no raw input normalizes to something that reads as a stream
  // or hmac key, whatever the input looks like.
  it('no normalized address is a stream key or an hmac key', () => {
    const tricky = fc.oneof(
      fc.string().map((s) => `stream:news:${s}@example.com`),
      fc.string().map((s) => `hmac:${s}`),
      fc.string().map((s) => `"stream:news:${s}"@example.com`),
      fc.string(),
    );
    fc.assert(
      fc.property(tricky, (raw) => {
        const address = normalizeRecipient(raw);
        if (address === null) return;
        expect(parseSuppressionKey(address)?.kind).toBe('global');
        expect(parseSuppressionKey(suppressionKey(address, { stream: 'news' }))).toEqual({
          kind: 'stream',
          stream: 'news',
          address,
        });
      }),
      { numRuns: 2000 },
    );
  });
});
