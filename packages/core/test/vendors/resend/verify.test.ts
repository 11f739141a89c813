/**
 * Resend (Svix) signature verification: Svix's own published vectors, the vectors of every
 * fixture, the header and negative cases of the research notes, the same requests through the
 * `svix` package's `Webhook.verify` (our implementation must agree with it), and requests signed
 * here that each break one thing.
 */
import { readFileSync } from 'node:fs';
import { Webhook } from 'svix';
import { describe, expect, it } from 'vitest';
import type { RawRequest } from '../../../src/types.ts';
import { signingSecrets, TOLERANCE_SECONDS } from '../../../src/vendors/resend/meta.ts';
import { parse } from '../../../src/vendors/resend/parse.ts';
import { signResendRequest } from '../../../src/vendors/resend/replay.ts';
import { verify } from '../../../src/vendors/resend/verify.ts';
import { checkOf } from '../helpers/check-of.ts';

const PAYLOADS = new URL('../../../../../test/fixtures/payloads/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, PAYLOADS));

interface Headers3 {
  'svix-id': string;
  'svix-timestamp': string;
  'svix-signature': string;
}
const V = JSON.parse(read('resend-signature-testvectors.json').toString()) as {
  secret: string;
  officialVectors: (Omit<Headers3, 'svix-signature'> & {
    source: string;
    secret: string;
    rawBody?: string;
    rawBodyBase64?: string;
    expectedSignature: string;
  })[];
  fixtureVectors: { file: string; sha256: string; headers: Headers3; rawBodyBase64: string }[];
  headerAndNegativeCases: {
    appliesTo: string;
    cases: {
      case: string;
      headers: Headers3;
      body?: 'file';
      rawBodyBase64?: string;
      expect: boolean;
    }[];
  };
};

const req = (headers: Record<string, string>, body: Uint8Array): RawRequest => ({
  headers,
  body: new Uint8Array(body),
});
const at = (ts: string) => new Date(Number(ts) * 1000);
const mine = (secret: string, r: RawRequest, now: Date) =>
  checkOf(() => verify(r, { secrets: signingSecrets(secret) }, now));
/** The svix package's verdict on the same request, at the same time. */
function theirs(secret: string, r: RawRequest, now: Date): boolean {
  const wh = new Webhook(secret);
  const realNow = Date.now;
  Date.now = () => now.getTime();
  try {
    wh.verify(Buffer.from(r.body).toString('utf8'), r.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  } finally {
    Date.now = realNow;
  }
}

describe('Resend verify: published and fixture vectors, agreeing with svix', () => {
  it.each(V.officialVectors.map((v) => [v.source.slice(0, 60), v] as const))(
    'official: %s',
    (_s, v) => {
      const body = v.rawBodyBase64
        ? Buffer.from(v.rawBodyBase64, 'base64')
        : Buffer.from(v.rawBody as string);
      const r = req(
        {
          'svix-id': v['svix-id'],
          'svix-timestamp': v['svix-timestamp'],
          'svix-signature': v.expectedSignature,
        },
        body,
      );
      expect(mine(v.secret, r, at(v['svix-timestamp']))).toBeNull();
      expect(theirs(v.secret, r, at(v['svix-timestamp']))).toBe(true);
    },
  );

  it.each(V.fixtureVectors.map((v) => [v.file, v] as const))(
    '%s: the file bytes are the signed bytes; verifies, then parses',
    (file, v) => {
      const bytes = read(file);
      expect(bytes.equals(Buffer.from(v.rawBodyBase64, 'base64'))).toBe(true);
      const r = req({ ...v.headers }, bytes);
      expect(mine(V.secret, r, at(v.headers['svix-timestamp']))).toBeNull();
      expect(theirs(V.secret, r, at(v.headers['svix-timestamp']))).toBe(true);
      expect(parse(r.body)).toHaveLength(1);
    },
  );

  it.each(V.headerAndNegativeCases.cases.map((c) => [c.case, c] as const))('case: %s', (_c, c) => {
    const body = c.rawBodyBase64
      ? Buffer.from(c.rawBodyBase64, 'base64')
      : read(V.headerAndNegativeCases.appliesTo);
    const r = req({ ...c.headers }, body);
    const now = at(c.headers['svix-timestamp']);
    expect(mine(V.secret, r, now) === null).toBe(c.expect);
    expect(theirs(V.secret, r, now)).toBe(c.expect);
  });
});

describe('Resend verify: one thing broken at a time (and svix agrees)', () => {
  const NOW = new Date('2026-08-23T10:00:00Z');
  const BODY = read('resend-bounced-permanent-general-constructed.json');
  const signed = (secret = V.secret, now = NOW) => {
    const s = signResendRequest(BODY, secret, now);
    return req(s.headers, s.body);
  };
  const both = (r: RawRequest, now = NOW, secret = V.secret) => {
    const check = mine(secret, r, now);
    expect(theirs(secret, r, now)).toBe(check === null);
    return check;
  };

  it('a request signed now verifies', () => {
    expect(both(signed())).toBeNull();
  });
  it('wrong secret → signature', () => {
    const other = `whsec_${Buffer.from('another-24-byte-secret!!').toString('base64')}`;
    expect(both(signed(other))).toBe('signature');
  });
  it('several secrets (rotation): the right one among them verifies', () => {
    const other = `whsec_${Buffer.from('another-24-byte-secret!!').toString('base64')}`;
    const r = signed();
    expect(
      checkOf(() => verify(r, { secrets: signingSecrets(`${other},${V.secret}`) }, NOW)),
    ).toBeNull();
  });
  it('stale timestamp (over 5 minutes old) → timestamp', () => {
    expect(both(signed(), new Date(NOW.getTime() + (TOLERANCE_SECONDS + 1) * 1000))).toBe(
      'timestamp',
    );
    expect(both(signed(), new Date(NOW.getTime() + (TOLERANCE_SECONDS - 1) * 1000))).toBeNull();
  });
  it('future timestamp (over 5 minutes ahead) → timestamp', () => {
    expect(both(signed(), new Date(NOW.getTime() - (TOLERANCE_SECONDS + 1) * 1000))).toBe(
      'timestamp',
    );
  });
  it('body changed by one byte → signature', () => {
    const r = signed();
    const body = Buffer.from(r.body);
    body[body.length - 2] ^= 1;
    expect(both(req({ ...(r.headers as Record<string, string>) }, body))).toBe('signature');
  });
  it.each(['svix-id', 'svix-timestamp', 'svix-signature'])('missing %s → missing-header', (h) => {
    const r = signed();
    const headers = { ...(r.headers as Record<string, string>) };
    delete headers[h];
    expect(both(req(headers, r.body))).toBe('missing-header');
  });
  it('svix-id changed → signature (it is signed too)', () => {
    const r = signed();
    const headers = { ...(r.headers as Record<string, string>), 'svix-id': 'msg_other' };
    expect(both(req(headers, r.body))).toBe('signature');
  });
  it.each([
    ['no version', (s: string) => s.slice(3)],
    ['v2 only', (s: string) => s.replace('v1,', 'v2,')],
    ['not base64', () => 'v1,%%%'],
    ['truncated', (s: string) => s.slice(0, 20)],
  ])('malformed signature (%s) → signature', (_n, change) => {
    const r = signed();
    const h = r.headers as Record<string, string>;
    const headers = { ...h, 'svix-signature': change(h['svix-signature'] as string) };
    expect(both(req(headers, r.body))).toBe('signature');
  });
  it('malformed timestamp → timestamp', () => {
    const r = signed();
    const headers = { ...(r.headers as Record<string, string>), 'svix-timestamp': 'soon' };
    expect(mine(V.secret, req(headers, r.body), NOW)).toBe('timestamp');
  });
  it('white-labelled webhook-* headers verify too', () => {
    const r = signed();
    const h = r.headers as Record<string, string>;
    const headers = {
      'webhook-id': h['svix-id'] as string,
      'webhook-timestamp': h['svix-timestamp'] as string,
      'webhook-signature': h['svix-signature'] as string,
    };
    expect(both(req(headers, r.body))).toBeNull();
  });
});

describe('Resend settings', () => {
  it('secrets: whsec_ prefix optional, several while rotating, bad ones named by position', () => {
    expect(signingSecrets(V.secret)[0]?.toString()).toBe('rebound-svix-test-secret');
    expect(signingSecrets('cmVib3VuZC1zdml4LXRlc3Qtc2VjcmV0')[0]?.toString()).toBe(
      'rebound-svix-test-secret',
    );
    expect(signingSecrets(`${V.secret}, ${V.secret}`)).toHaveLength(2);
    expect(() => signingSecrets(`${V.secret}, whsec_!!`)).toThrow('secret 2 of 2');
    expect(() => signingSecrets('whsec_c2hvcnQ=')).toThrow('the secret');
    expect(() => signingSecrets('')).toThrow('has no secret');
  });
});
