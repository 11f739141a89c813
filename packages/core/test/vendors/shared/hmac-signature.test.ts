/**
 * Rebound's own request signature (generic and raw mail sources): an independent vector (Python's
 * hmac), then one broken thing per row, in svix's order (header → window → compare), rotation
 * on both sides, and the secrets setting.
 */
import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../../../src/errors.ts';
import {
  hmacSecrets,
  hmacSignature,
  signatureHeader,
  verifyHmacSignature,
} from '../../../src/vendors/shared/hmac-signature.ts';

const SECRET = 'rebound-test-secret-0123456789abcdef';
const OLD = 'rebound-old-secret-0123456789abcdef0';
const BODY = new TextEncoder().encode('{"recipient":"a@example.com"}');
const T = 1_700_000_000;
const NOW = new Date(T * 1000);

const request = (header: string | undefined, body = BODY) => ({
  headers: header === undefined ? {} : { 'rebound-signature': header },
  body,
});
const failure = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof WebhookVerificationError) return e.check;
    throw e;
  }
  return null;
};

describe('hmacSignature', () => {
  it('matches an independent HMAC-SHA256 of "<t>.<body>" (Python hmac)', () => {
    expect(hmacSignature(SECRET, T, BODY)).toBe(
      '56250ba5ddbf578f2b4b09f4ad494ed9735d1cc4fe4b2a9e2f45c925dab5ef55',
    );
  });
  it('signatureHeader signs with every secret', () => {
    expect(signatureHeader([SECRET, OLD], NOW, BODY)).toBe(
      `t=${T},v1=${hmacSignature(SECRET, T, BODY)},v1=${hmacSignature(OLD, T, BODY)}`,
    );
  });
});

describe('verifyHmacSignature', () => {
  const good = `t=${T},v1=${hmacSignature(SECRET, T, BODY)}`;
  // biome-ignore format: one row per case
  const cases: [string, string | undefined, string[], Date, Uint8Array, string | null][] = [
    ['a good signature', good, [SECRET], NOW, BODY, null],
    ['spaces and upper-case hex are tolerated', `t=${T}, v1=${hmacSignature(SECRET, T, BODY).toUpperCase()}`, [SECRET], NOW, BODY, null],
    ['no header', undefined, [SECRET], NOW, BODY, 'missing-header'],
    ['no t=', `v1=${hmacSignature(SECRET, T, BODY)}`, [SECRET], NOW, BODY, 'missing-header'],
    ['no v1=', `t=${T}`, [SECRET], NOW, BODY, 'missing-header'],
    ['a v1 that is not 64 hex digits', `t=${T},v1=abc`, [SECRET], NOW, BODY, 'missing-header'],
    ['a v0 scheme only', `t=${T},v0=${hmacSignature(SECRET, T, BODY)}`, [SECRET], NOW, BODY, 'missing-header'],
    ['301 s old', good, [SECRET], new Date((T + 301) * 1000), BODY, 'timestamp'],
    ['300 s old is still inside', good, [SECRET], new Date((T + 300) * 1000), BODY, null],
    ['301 s ahead', good, [SECRET], new Date((T - 301) * 1000), BODY, 'timestamp'],
    ['another secret', good, [OLD], NOW, BODY, 'signature'],
    ['one byte of the body changed', good, [SECRET], NOW, new TextEncoder().encode('{"recipient":"b@example.com"}'), 'signature'],
    ['the timestamp changed (it is signed)', `t=${T + 1},v1=${hmacSignature(SECRET, T, BODY)}`, [SECRET], NOW, BODY, 'signature'],
    ['no secret configured (pending)', good, [], NOW, BODY, 'signature'],
    ['rotation: the second configured secret matches', good, [OLD, SECRET], NOW, BODY, null],
    ['rotation: the second v1 matches', `t=${T},v1=${hmacSignature(OLD, T, BODY)},v1=${hmacSignature(SECRET, T, BODY)}`, [SECRET], NOW, BODY, null],
    // svix order: the window is checked before any signature is computed.
    ['stale and forged: the window fails first', `t=${T - 3600},v1=${'0'.repeat(64)}`, [SECRET], NOW, BODY, 'timestamp'],
  ];
  it.each(cases)('%s', (_name, header, secrets, now, body, check) => {
    expect(failure(() => verifyHmacSignature(request(header, body), secrets, now))).toBe(check);
  });
});

describe('hmacSecrets', () => {
  it.each([
    [`${SECRET}`, [SECRET]],
    [`${SECRET}, ${OLD}`, [SECRET, OLD]],
    [` ${SECRET}\n${OLD} `, [SECRET, OLD]],
    ['pending', []],
  ])('%j', (raw, want) => {
    expect(hmacSecrets(raw)).toEqual(want);
  });
  it.each([
    ['', 'has no secret'],
    ['tiny-Xq7', 'the secret is shorter than 32 characters'],
    [`${SECRET},tiny-Xq7`, 'secret 2 of 2 is shorter than 32 characters'],
  ])('%j is refused without repeating it', (raw, message) => {
    expect(() => hmacSecrets(raw)).toThrow(message);
    try {
      hmacSecrets(raw);
    } catch (e) {
      if (raw) expect((e as Error).message).not.toContain(raw.split(',').pop());
    }
  });
});
