/** Postmark verification: Basic auth against several pairs, and the optional IP allowlist. */
import { describe, expect, it } from 'vitest';
import type { RawRequest } from '../../../src/types.ts';
import { verify } from '../../../src/vendors/postmark/verify.ts';
import { checkSnsBasicAuth } from '../../../src/vendors/ses/receive.ts';
import { checkOf } from '../helpers/check-of.ts';

const basic = (user: string, pass: string) =>
  `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
const req = (authorization?: string, sourceIp?: string): RawRequest => ({
  headers: { authorization },
  body: new Uint8Array(),
  ...(sourceIp ? { sourceIp } : {}),
});
const credentials = [
  { user: 'postmark', pass: 'old-secret' },
  { user: 'postmark', pass: 'new-secret' },
];

describe('Postmark verify', () => {
  it.each([
    ['the first pair', basic('postmark', 'old-secret'), null],
    ['the second pair (rotation)', basic('postmark', 'new-secret'), null],
    ['a lower-case scheme', `basic ${Buffer.from('postmark:new-secret').toString('base64')}`, null],
    ['a wrong password', basic('postmark', 'new-secreT'), 'credentials'],
    ['a wrong user', basic('Postmark', 'new-secret'), 'credentials'],
    ['a password prefix', basic('postmark', 'new-secre'), 'credentials'],
    ['a Bearer token', 'Bearer new-secret', 'credentials'],
    ['no header', undefined, 'missing-header'],
  ])('%s → %s', (_label, header, expected) => {
    expect(checkOf(() => verify(req(header), { credentials }))).toBe(expected);
  });

  it('no configured credentials refuses everything', () => {
    expect(checkOf(() => verify(req(basic('postmark', 'old-secret')), { credentials: [] }))).toBe(
      'credentials',
    );
  });

  it.each([
    ['an allowlisted IP', '3.134.147.250', null],
    ['the IPv4-mapped form', '::ffff:3.134.147.250', null],
    ['another IP', '3.134.147.251', 'source-ip'],
    ['no source IP', undefined, 'source-ip'],
  ])('IP allowlist: %s → %s', (_label, ip, expected) => {
    const opts = { credentials, allowedIps: ['3.134.147.250', '50.31.156.6'] };
    expect(checkOf(() => verify(req(basic('postmark', 'new-secret'), ip), opts))).toBe(expected);
  });
});

describe('SNS Basic auth helper', () => {
  it('asks for a challenge when credentials are configured and absent or wrong', () => {
    expect(checkSnsBasicAuth({}, undefined)).toEqual({ status: 'not-required', challenge: null });
    expect(checkSnsBasicAuth({}, credentials)).toEqual({
      status: 'missing',
      challenge: 'Basic realm="rebound"',
    });
    expect(checkSnsBasicAuth({ authorization: basic('x', 'y') }, credentials).status).toBe(
      'invalid',
    );
    expect(
      checkSnsBasicAuth({ authorization: basic('postmark', 'new-secret') }, credentials),
    ).toEqual({ status: 'valid', challenge: null });
  });
});
