/**
 * Rebound's own request signature, for the sources whose senders we write ourselves (the
 * generic endpoint, the raw mail endpoint): HMAC-SHA256 over `<unix seconds>.<raw body>`, sent
 * as `rebound-signature: t=<unix seconds>,v1=<hex>` (several `v1` while rotating). Verified in
 * svix's order: header present → timestamp window → constant-time compare → the caller parses.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookVerificationError } from '../../errors.ts';
import type { RawRequest } from '../../types.ts';

/** The header that carries the timestamp and the signatures. */
export const SIGNATURE_HEADER = 'rebound-signature';
/**
 * How far the signed timestamp may be from our clock, either way (svix and Stripe use the
 * same 5 minutes): the senders are the user's own scripts, which sign each attempt afresh.
 */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
/** More signatures than this in one header is not a rotation but a guessing attempt. */
const MAX_SIGNATURES = 8;

/**
 * The hex HMAC-SHA256 of `<t>.<body>` under `secret`.
 *
 * @example hmacSignature('s3cret…', 1700000000, body) // '5f1c…' (64 hex digits)
 */
export function hmacSignature(secret: string, t: number, body: Uint8Array): string {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
}

/**
 * The `rebound-signature` value for a body: one `v1` per secret (the sender signs with every
 * secret it has while rotating).
 *
 * @example signatureHeader(['s3cret…'], new Date(), body) // 't=1700000000,v1=5f1c…'
 */
export function signatureHeader(secrets: readonly string[], now: Date, body: Uint8Array): string {
  const t = Math.floor(now.getTime() / 1000);
  return [`t=${t}`, ...secrets.map((s) => `v1=${hmacSignature(s, t, body)}`)].join(',');
}

/** The header's parts: the timestamp and every `v1` value (other schemes are ignored). */
function parts(value: string): { t: number | null; v1: string[] } {
  let t: number | null = null;
  const v1: string[] = [];
  for (const item of value.split(',')) {
    const eq = item.indexOf('=');
    if (eq < 0) continue;
    const key = item.slice(0, eq).trim();
    const val = item.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(val)) t = Number(val);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(val)) v1.push(val.toLowerCase());
  }
  return { t, v1 };
}

/**
 * Verifies a signed request against every configured secret. Throws WebhookVerificationError:
 * `missing-header` (no header, no `t`, or no `v1`), `timestamp` (outside ±5 minutes),
 * `signature` (no `v1` matches any secret). Every candidate is compared, in constant time,
 * with no early exit.
 *
 * @example verifyHmacSignature(req, ['s3cret…'], new Date()); // then parse req.body
 */
export function verifyHmacSignature(
  req: RawRequest,
  secrets: readonly string[],
  now: Date,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): void {
  const header = req.headers[SIGNATURE_HEADER];
  const { t, v1 } = parts(typeof header === 'string' ? header.slice(0, 4096) : '');
  if (t === null || v1.length === 0) {
    throw new WebhookVerificationError(
      'missing-header',
      `${SIGNATURE_HEADER} header missing or without t= and v1=`,
    );
  }
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) {
    throw new WebhookVerificationError('timestamp', 'signature timestamp outside ±5 minutes');
  }
  let ok = false;
  for (const secret of secrets) {
    const expected = Buffer.from(hmacSignature(secret, t, req.body), 'hex');
    for (const given of v1.slice(0, MAX_SIGNATURES)) {
      // Both are 32 bytes (the header's pattern); `|=` keeps every comparison running.
      ok = timingSafeEqual(expected, Buffer.from(given, 'hex')) || ok;
    }
  }
  if (!ok) throw new WebhookVerificationError('signature', 'no signature matches a secret');
}

/** Shortest secret accepted: 32 characters (a 24-byte random value in base64). */
export const MIN_SECRET_LENGTH = 32;

/**
 * Reads a secrets setting: one or more secrets, comma or whitespace separated (several while
 * rotating), each at least 32 characters; `pending` = none yet (every request is refused).
 * Throws naming the position, never the value.
 *
 * @example hmacSecrets('new…,old…') // ['new…', 'old…']
 */
export function hmacSecrets(raw: string): string[] {
  const t = raw.trim();
  if (t === 'pending') return [];
  const secrets = t.split(/[\s,]+/).filter(Boolean);
  if (secrets.length === 0) throw new Error('has no secret');
  secrets.forEach((s, i) => {
    if (s.length < MIN_SECRET_LENGTH) {
      const which = secrets.length > 1 ? `secret ${i + 1} of ${secrets.length}` : 'the secret';
      throw new Error(`${which} is shorter than ${MIN_SECRET_LENGTH} characters`);
    }
  });
  return secrets;
}
