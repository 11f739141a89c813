/**
 * Mailgun webhook verification. The signature travels inside the JSON body and covers only
 * `timestamp + token`, not the events, so the order is: body is a JSON object (400) → the
 * `signature` fields present (401) → timestamp window → token and signature well formed →
 * constant-time HMAC compare with each configured key (403) → only then the events are read.
 * Legacy form-encoded webhooks (pre-2018) are refused with a 400 that says so.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { PayloadError, WebhookVerificationError } from '../../errors.ts';
import type { RawRequest } from '../../types.ts';
import { asRecord, decodeJson } from '../shared/build-event.ts';
import { DEFAULT_MAX_AGE_SECONDS, DEFAULT_MAX_FUTURE_SECONDS } from './meta.ts';

/** Verification settings: the webhook signing key(s) (rotation: several), the window. */
export interface MailgunVerifyOptions {
  signingKeys: readonly string[];
  /** How old the timestamp may be (default 9 h: Mailgun retries for ≈ 8 h, meta.ts). */
  maxAgeSeconds?: number;
  /** How far ahead of our clock it may be (default 300 s). */
  maxFutureSeconds?: number;
}

/** A verified request: the signed timestamp and token, and the decoded body. */
export interface VerifiedMailgun {
  timestamp: number;
  token: string;
  body: Record<string, unknown>;
}

/** Mailgun's tokens are 50 lower-case hex characters; anything printable up to 256 is accepted. */
const TOKEN = /^[\x21-\x7e]{1,256}$/;
/** Lower-case hex, as Mailgun sends it; upper case is refused (strict byte compare). */
const SIGNATURE = /^[0-9a-f]{64}$/;
const FORM_TYPES = /application\/x-www-form-urlencoded|multipart\/form-data/i;

/**
 * Verifies a Mailgun webhook request. Throws PayloadError (not a JSON object, legacy form body)
 * or WebhookVerificationError (`missing-header`, `timestamp`, `signature`).
 *
 * @example const { token, body } = verify(req, { signingKeys: [key] });
 * @see https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks
 */
export function verify(
  req: RawRequest,
  opts: MailgunVerifyOptions,
  now: Date = new Date(),
): VerifiedMailgun {
  const body = jsonBody(req);
  const sig = asRecord(body.signature);
  const rawTimestamp = sig?.timestamp;
  const timestamp = typeof rawTimestamp === 'number' ? String(rawTimestamp) : rawTimestamp;
  const { token, signature } = sig ?? {};
  if (typeof timestamp !== 'string' || typeof token !== 'string' || typeof signature !== 'string') {
    throw new WebhookVerificationError('missing-header', 'Mailgun signature fields missing');
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new WebhookVerificationError('timestamp', 'Mailgun timestamp is not Unix seconds');
  }
  const age = now.getTime() / 1000 - Number(timestamp);
  const maxAge = opts.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
  const maxFuture = opts.maxFutureSeconds ?? DEFAULT_MAX_FUTURE_SECONDS;
  if (!(age <= maxAge && -age <= maxFuture)) {
    throw new WebhookVerificationError('timestamp', 'Mailgun timestamp outside the window');
  }
  if (!TOKEN.test(token) || !SIGNATURE.test(signature)) {
    throw new WebhookVerificationError('signature', 'Mailgun token or signature malformed');
  }
  const given = Buffer.from(signature, 'utf8');
  for (const key of opts.signingKeys) {
    const expected = Buffer.from(signMailgun(key, timestamp, token), 'utf8');
    if (timingSafeEqual(expected, given)) return { timestamp: Number(timestamp), token, body };
  }
  throw new WebhookVerificationError('signature', 'Mailgun signature does not verify');
}

/**
 * `hex(HMAC-SHA256(key, timestamp + token))`, no separator, timestamp first.
 *
 * @example signMailgun('key', '1534110422', '1234567890abcdef1234567890abcdef')
 */
export function signMailgun(key: string, timestamp: string, token: string): string {
  return createHmac('sha256', key)
    .update(timestamp + token, 'utf8')
    .digest('hex');
}

/** The body as a JSON object; a form body (legacy webhooks) gets its own clear refusal. */
function jsonBody(req: RawRequest): Record<string, unknown> {
  if (FORM_TYPES.test(req.headers['content-type'] ?? '')) throw legacy();
  let json: unknown;
  try {
    json = decodeJson(req.body, 'mailgun');
  } catch (err) {
    if (/^[\w.-]+=/.test(Buffer.from(req.body.subarray(0, 64)).toString('latin1'))) throw legacy();
    throw err;
  }
  const o = asRecord(json);
  if (!o) throw new PayloadError('mailgun: body must be a JSON object');
  return o;
}

function legacy(): PayloadError {
  return new PayloadError(
    'mailgun: form-encoded (legacy) webhooks are not supported; configure the JSON webhooks in Mailgun',
  );
}
