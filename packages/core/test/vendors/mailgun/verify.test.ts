/**
 * Mailgun signature verification: every fixture's signature block with its stated key (Rebound's
 * test key, Symfony's for the verbatim Symfony files), the published negative vectors, the legacy
 * form vectors refused with a 400 that says why, and requests signed here that each break one
 * thing (wrong key, stale or future timestamp, body or token changed, fields missing, malformed).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PayloadError } from '../../../src/errors.ts';
import type { RawRequest } from '../../../src/types.ts';
import { adapter } from '../../../src/vendors/mailgun/index.ts';
import { DEFAULT_MAX_AGE_SECONDS, signingKeys } from '../../../src/vendors/mailgun/meta.ts';
import { signMailgunRequest } from '../../../src/vendors/mailgun/replay.ts';
import { signMailgun, verify } from '../../../src/vendors/mailgun/verify.ts';
import { checkOf } from '../helpers/check-of.ts';

const PAYLOADS = new URL('../../../../../test/fixtures/payloads/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, PAYLOADS));

interface Vector {
  file?: string;
  key: string;
  timestamp: string;
  token: string;
  signature: string;
  expect: boolean;
  case?: string;
}
const VECTORS = JSON.parse(read('mailgun-signature-testvectors.json').toString()) as {
  keys: Record<string, string>;
  fixtureVectors: Vector[];
  negativeVectors: Vector[];
};
const LEGACY = JSON.parse(read('mailgun-legacy-form-testvectors.json').toString()) as {
  vectors: { case: string; contentType: string; rawBody: string }[];
};

const json = (body: unknown): RawRequest => ({
  headers: { 'content-type': 'application/json' },
  body: new Uint8Array(Buffer.from(JSON.stringify(body))),
});
const at = (timestamp: string | number) => new Date(Number(timestamp) * 1000);
const KEY = VECTORS.keys.REBOUND_TEST_KEY as string;
const NOW = new Date('2026-08-23T10:00:00Z');
const eventData = { event: 'complained', recipient: 'someone@example.com', timestamp: 1 };

describe('Mailgun verify: the fixtures and their vectors', () => {
  it.each(VECTORS.fixtureVectors.map((v) => [v.file as string, v] as const))(
    '%s verifies with its key at its own time, and its signature block is the vector',
    (file, v) => {
      const bytes = read(file);
      const body = JSON.parse(bytes.toString());
      expect(body.signature).toMatchObject({
        timestamp: v.timestamp,
        token: v.token,
        signature: v.signature,
      });
      const req = { headers: { 'content-type': 'application/json' }, body: new Uint8Array(bytes) };
      const key = VECTORS.keys[v.key] as string;
      expect(checkOf(() => verify(req, { signingKeys: [key] }, at(v.timestamp)))).toBeNull();
      // Another key alone never verifies it; among several (rotation), the right one does.
      expect(checkOf(() => verify(req, { signingKeys: ['x'.repeat(32)] }, at(v.timestamp)))).toBe(
        'signature',
      );
      expect(
        checkOf(() => verify(req, { signingKeys: ['x'.repeat(32), key] }, at(v.timestamp))),
      ).toBeNull();
    },
  );

  it.each(VECTORS.negativeVectors.map((v) => [v.case as string, v] as const))(
    'negative vector: %s → signature',
    (_case, v) => {
      const req = json({
        signature: { timestamp: v.timestamp, token: v.token, signature: v.signature },
        'event-data': eventData,
      });
      expect(checkOf(() => verify(req, { signingKeys: [KEY] }, at(v.timestamp)))).toBe('signature');
    },
  );

  it('the worked example of the research notes: HMAC over timestamp + token, hex', () => {
    expect(signMailgun(KEY, '1534110422', '1234567890abcdef1234567890abcdef')).toBe(
      '2711dc377fe8da7da19e16cb7a4ebbe2eda8ad5b6d08d4e834bc58ce59f59b05',
    );
  });

  it('the parent-signature of a subaccount event is ignored (the key in use decides)', () => {
    const bytes = read('mailgun-failed-permanent-suppress-complaint-constructed.json');
    const body = JSON.parse(bytes.toString());
    expect(typeof body.signature['parent-signature']).toBe('string');
    const req = json(body);
    const parentKey = VECTORS.keys.REBOUND_TEST_PARENT_KEY as string;
    expect(
      checkOf(() => verify(req, { signingKeys: [parentKey] }, at(body.signature.timestamp))),
    ).toBe('signature');
  });
});

describe('Mailgun verify: legacy form-encoded webhooks are refused with a 400 that says why', () => {
  it.each(LEGACY.vectors.map((v) => [v.case, v] as const))('%s', (_case, v) => {
    for (const headers of [{ 'content-type': v.contentType }, {}]) {
      const req = { headers, body: new Uint8Array(Buffer.from(v.rawBody)) };
      const err = (() => {
        try {
          verify(req, { signingKeys: [KEY] }, at(1234567890));
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(PayloadError);
      expect((err as Error).message).toMatch(/legacy.*not supported.*JSON webhooks/);
    }
  });
});

describe('Mailgun verify: one thing broken at a time', () => {
  const signed = (over: Record<string, unknown> = {}, key = KEY, now = NOW) => {
    const req = signMailgunRequest(eventData, key, now);
    const body = JSON.parse(Buffer.from(req.body).toString());
    return { ...body, signature: { ...body.signature, ...over } };
  };
  const check = (body: unknown, now = NOW, opts = {}) =>
    checkOf(() => verify(json(body), { signingKeys: [KEY], ...opts }, now));

  it('a request signed now verifies', () => {
    expect(check(signed())).toBeNull();
  });
  it('wrong key → signature', () => {
    expect(check(signed({}, 'some-other-signing-key'))).toBe('signature');
  });
  it('stale timestamp (older than 9 h) → timestamp; 8 h 05 min (the last retry) passes', () => {
    const late = new Date(NOW.getTime() + (DEFAULT_MAX_AGE_SECONDS + 1) * 1000);
    expect(check(signed(), late)).toBe('timestamp');
    expect(check(signed(), new Date(NOW.getTime() + (8 * 3600 + 300) * 1000))).toBeNull();
  });
  it('future timestamp (over 5 minutes ahead) → timestamp', () => {
    expect(check(signed(), new Date(NOW.getTime() - 301_000))).toBe('timestamp');
    expect(check(signed(), new Date(NOW.getTime() - 299_000))).toBeNull();
  });
  it('the window is a setting', () => {
    const late = new Date(NOW.getTime() + 3600_000);
    expect(check(signed(), late, { maxAgeSeconds: 600 })).toBe('timestamp');
  });
  it('token changed by one byte → signature', () => {
    const body = signed();
    const t: string = body.signature.token;
    body.signature.token = `${t.slice(0, -1)}${t.endsWith('0') ? '1' : '0'}`;
    expect(check(body)).toBe('signature');
  });
  it('timestamp digits moved into the token (same HMAC input) → timestamp', () => {
    const body = signed();
    const ts = String(body.signature.timestamp);
    const moved = { timestamp: ts.slice(0, -1), token: ts.slice(-1) + body.signature.token };
    expect(check({ ...body, signature: { ...body.signature, ...moved } })).toBe('timestamp');
  });
  it.each(['timestamp', 'token', 'signature'])('missing %s → missing-header', (field) => {
    const body = signed();
    delete body.signature[field];
    expect(check(body)).toBe('missing-header');
  });
  it('no signature block → missing-header', () => {
    expect(check({ 'event-data': eventData })).toBe('missing-header');
  });
  it.each([
    ['uppercase hex', (s: string) => s.toUpperCase()],
    ['63 characters', (s: string) => s.slice(1)],
    ['not hex', (s: string) => `${s.slice(1)}g`],
  ])('malformed signature (%s) → signature', (_n, change) => {
    const body = signed();
    body.signature.signature = change(body.signature.signature);
    expect(check(body)).toBe('signature');
  });
  it.each([
    ['not Unix seconds', '2026-08-23'],
    ['negative', '-1'],
  ])('malformed timestamp (%s) → timestamp', (_n, ts) => {
    expect(check(signed({ timestamp: ts }))).toBe('timestamp');
  });
  it('the events are not covered: verify passes, the token binding (receive) catches it', async () => {
    const body = signed();
    const other = { ...body, 'event-data': { ...eventData, recipient: 'victim@example.com' } };
    expect(check(other)).toBeNull();
    const settings = { signingKeys: [KEY], maxAgeSeconds: 32_400, maxFutureSeconds: 300 };
    const ctx = { settings, now: NOW, http: { get: async () => '' } };
    const a = await adapter.receive(json(body), ctx);
    const b = await adapter.receive(json(other), ctx);
    if (!('events' in a) || !('events' in b)) throw new Error('expected events');
    expect(a.singleUse?.key).toBe(b.singleUse?.key);
    expect(a.singleUse?.digest).not.toBe(b.singleUse?.digest);
    expect(a.singleUse?.key).toBe(`mailgun#${body.signature.token}`);
    // Kept past the window: the timestamp + 9 h + 1 h.
    expect(a.singleUse?.expiresAt.getTime()).toBe(
      (Number(body.signature.timestamp) + 32_400 + 3600) * 1000,
    );
  });
  it.each([
    ['not JSON', '{"signature":'],
    ['an array', '[]'],
  ])('a body that is %s → PayloadError (400)', (_n, text) => {
    const req = { headers: {}, body: new Uint8Array(Buffer.from(text)) };
    expect(() => verify(req, { signingKeys: [KEY] }, NOW)).toThrow(PayloadError);
  });
});

describe('Mailgun settings', () => {
  it('signing keys: several while rotating; an empty or odd value names the position only', () => {
    expect(signingKeys('key-one-12345, key-two-67890')).toEqual(['key-one-12345', 'key-two-67890']);
    expect(() => signingKeys(' ')).toThrow('has no key');
    expect(() => signingKeys('good-key-123, short')).toThrow('key 2 of 2');
    expect(() => signingKeys('short')).not.toThrow(/short/);
  });
});
