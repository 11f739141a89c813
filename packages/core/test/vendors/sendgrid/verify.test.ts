/**
 * SendGrid signature verification: the two real test vectors (high-S DER signatures, CRLF
 * bodies) and requests signed here with a generated P-256 key, each test breaking one thing.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RawRequest } from '../../../src/types.ts';
import { parse } from '../../../src/vendors/sendgrid/parse.ts';
import { verify } from '../../../src/vendors/sendgrid/verify.ts';
import { checkOf } from '../helpers/check-of.ts';

const PAYLOADS = new URL('../../../../../test/fixtures/payloads/', import.meta.url);

interface SgVector {
  publicKeyBase64Spki: string;
  headers: Record<string, string>;
  rawBodyBase64: string;
}
const load = (name: string) =>
  JSON.parse(readFileSync(new URL(name, PAYLOADS), 'utf8')) as SgVector;
const VECTORS = {
  single: load('sendgrid-signature-testvector-single.json'),
  batch: load('sendgrid-signature-testvector-batch.json'),
};

function requestOf(v: SgVector, body = Buffer.from(v.rawBodyBase64, 'base64')): RawRequest {
  const headers: Record<string, string> = {};
  for (const [k, val] of Object.entries(v.headers)) headers[k.toLowerCase()] = val;
  return { headers, body: new Uint8Array(body) };
}
const timeOf = (v: SgVector) =>
  new Date(Number(v.headers['X-Twilio-Email-Event-Webhook-Timestamp']) * 1000);

describe('SendGrid verify: real vectors', () => {
  it.each(Object.entries(VECTORS))('%s vector verifies, then parses', (_name, v) => {
    // Prepare
    const req = requestOf(v);
    // Act
    const check = checkOf(() => verify(req, { publicKeys: [v.publicKeyBase64Spki] }, timeOf(v)));
    // Assess
    expect(check).toBeNull();
    expect(parse(req.body).length).toBeGreaterThan(0);
  });

  it.each(Object.entries(VECTORS))(
    '%s vector is a high-S DER signature, accepted as is',
    (_name, v) => {
      // Prepare: DER SEQUENCE { INTEGER r, INTEGER s }; P-256 order n.
      const der = Buffer.from(v.headers['X-Twilio-Email-Event-Webhook-Signature']!, 'base64');
      const rLen = der[3]!;
      const sLen = der[5 + rLen]!;
      const s = BigInt(`0x${der.subarray(6 + rLen, 6 + rLen + sLen).toString('hex')}`);
      const n = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
      // Assess
      expect(s > n / 2n).toBe(true);
      expect(
        checkOf(() => verify(requestOf(v), { publicKeys: [v.publicKeyBase64Spki] }, timeOf(v))),
      ).toBeNull();
    },
  );

  it.each(Object.entries(VECTORS))('%s vector fails once re-serialized', (_name, v) => {
    const raw = Buffer.from(v.rawBodyBase64, 'base64').toString('utf8');
    const req = requestOf(v, Buffer.from(JSON.stringify(JSON.parse(raw))));
    expect(checkOf(() => verify(req, { publicKeys: [v.publicKeyBase64Spki] }, timeOf(v)))).toBe(
      'signature',
    );
  });

  it.each(Object.entries(VECTORS))(
    '%s vector fails with the trailing CRLF stripped',
    (_name, v) => {
      const raw = Buffer.from(v.rawBodyBase64, 'base64');
      const req = requestOf(v, raw.subarray(0, raw.length - 2));
      expect(checkOf(() => verify(req, { publicKeys: [v.publicKeyBase64Spki] }, timeOf(v)))).toBe(
        'signature',
      );
    },
  );

  it('a body changed by one byte fails', () => {
    const v = VECTORS.single;
    const raw = Buffer.from(v.rawBodyBase64, 'base64');
    raw[10] = raw[10]! ^ 0x01;
    expect(
      checkOf(() => verify(requestOf(v, raw), { publicKeys: [v.publicKeyBase64Spki] }, timeOf(v))),
    ).toBe('signature');
  });

  it("the other vector's key fails; key rotation tries every key", () => {
    const v = VECTORS.single;
    const wrong = VECTORS.batch.publicKeyBase64Spki;
    expect(checkOf(() => verify(requestOf(v), { publicKeys: [wrong] }, timeOf(v)))).toBe(
      'signature',
    );
    expect(
      checkOf(() =>
        verify(
          requestOf(v),
          { publicKeys: ['not a key', wrong, v.publicKeyBase64Spki] },
          timeOf(v),
        ),
      ),
    ).toBeNull();
  });

  it('a timestamp header changed by one digit fails (inside the window)', () => {
    const v = VECTORS.single;
    const req = requestOf(v);
    const ts = Number(req.headers['x-twilio-email-event-webhook-timestamp']) + 1;
    const headers = { ...req.headers, 'x-twilio-email-event-webhook-timestamp': String(ts) };
    expect(
      checkOf(() =>
        verify({ ...req, headers }, { publicKeys: [v.publicKeyBase64Spki] }, timeOf(v)),
      ),
    ).toBe('signature');
  });
});

describe('SendGrid verify: requests signed with a generated key', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const keyB64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const NOW = new Date('2026-11-28T09:00:00Z');
  const body = Buffer.from(
    '[{"email":"a@example.com","event":"bounce","type":"bounce","timestamp":1764320400}]\r\n',
  );

  function signed(ts = Math.floor(NOW.getTime() / 1000), b: Buffer = body): RawRequest {
    const sig = sign('sha256', Buffer.concat([Buffer.from(String(ts)), b]), {
      key: privateKey,
      dsaEncoding: 'der',
    });
    return {
      headers: {
        'x-twilio-email-event-webhook-signature': sig.toString('base64'),
        'x-twilio-email-event-webhook-timestamp': String(ts),
      },
      body: new Uint8Array(b),
    };
  }

  it('verifies with the base64 SPKI key and with a PEM key', () => {
    expect(checkOf(() => verify(signed(), { publicKeys: [keyB64] }, NOW))).toBeNull();
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(checkOf(() => verify(signed(), { publicKeys: [pem] }, NOW))).toBeNull();
  });

  it.each(['x-twilio-email-event-webhook-signature', 'x-twilio-email-event-webhook-timestamp'])(
    'a missing %s header fails first',
    (header) => {
      const req = signed();
      const headers = { ...req.headers, [header]: undefined };
      expect(checkOf(() => verify({ ...req, headers }, { publicKeys: [keyB64] }, NOW))).toBe(
        'missing-header',
      );
    },
  );

  it.each([
    ['a retry 24 h later (signed then)', -24 * 3600, null],
    ['25 h old, at the edge of the default window', -25 * 3600, null],
    ['older than 25 h', -25 * 3600 - 1, 'timestamp'],
    ['299 s ahead (clock skew)', 299, null],
    ['301 s ahead', 301, 'timestamp'],
  ] as const)('default window: a timestamp %s → %s', (_label, offset, check) => {
    // SendGrid retries for 24 h and may keep the first signature: the default covers that.
    const ts = Math.floor(NOW.getTime() / 1000) + offset;
    expect(checkOf(() => verify(signed(ts), { publicKeys: [keyB64] }, NOW))).toBe(check);
  });

  it('the window is configurable both ways', () => {
    const old = Math.floor(NOW.getTime() / 1000) - 601;
    const ahead = Math.floor(NOW.getTime() / 1000) + 61;
    const narrow = { publicKeys: [keyB64], maxAgeSeconds: 600, maxFutureSeconds: 60 };
    expect(checkOf(() => verify(signed(old), narrow, NOW))).toBe('timestamp');
    expect(checkOf(() => verify(signed(ahead), narrow, NOW))).toBe('timestamp');
    expect(checkOf(() => verify(signed(old), { ...narrow, maxAgeSeconds: 700 }, NOW))).toBeNull();
  });

  it('a timestamp that is not decimal seconds fails', () => {
    const req = signed();
    const headers = {
      ...req.headers,
      'x-twilio-email-event-webhook-timestamp': '2026-11-28T09:00:00Z',
    };
    expect(checkOf(() => verify({ ...req, headers }, { publicKeys: [keyB64] }, NOW))).toBe(
      'timestamp',
    );
  });

  it('a garbage signature fails as signature, not as an exception', () => {
    const req = signed();
    const headers = { ...req.headers, 'x-twilio-email-event-webhook-signature': '!!!not base64' };
    expect(checkOf(() => verify({ ...req, headers }, { publicKeys: [keyB64] }, NOW))).toBe(
      'signature',
    );
  });

  it('no configured key fails', () => {
    expect(checkOf(() => verify(signed(), { publicKeys: [] }, NOW))).toBe('signature');
  });

  it('a P1363 (r||s) signature is not accepted in place of DER', () => {
    const ts = Math.floor(NOW.getTime() / 1000);
    const raw = sign('sha256', Buffer.concat([Buffer.from(String(ts)), body]), {
      key: privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    const req = signed();
    const headers = {
      ...req.headers,
      'x-twilio-email-event-webhook-signature': raw.toString('base64'),
    };
    expect(checkOf(() => verify({ ...req, headers }, { publicKeys: [keyB64] }, NOW))).toBe(
      'signature',
    );
  });
});
