/**
 * SendGrid Event Webhook verification: ECDSA P-256 (svix order: headers → timestamp window →
 * signature over timestamp + raw body, each configured key tried, rotation).
 */
import { verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { WebhookVerificationError } from '../../errors.ts';
import type { RawRequest } from '../../types.ts';
import { importSendgridKey } from './keys.ts';
import { DEFAULT_MAX_AGE_SECONDS, DEFAULT_MAX_FUTURE_SECONDS } from './meta.ts';

/** Header names (lower-cased, as RawRequest carries them). */
export const SENDGRID_SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
export const SENDGRID_TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';

/** Verification settings: the webhook's public key(s) (rotation: several), the replay window. */
export interface SendgridVerifyOptions {
  /** Base64 DER SubjectPublicKeyInfo (as SendGrid shows it) or PEM `PUBLIC KEY`. */
  publicKeys: readonly (string | KeyObject)[];
  /**
   * How old the timestamp may be. Default 90,000 s (25 h): SendGrid retries a failed post for
   * up to 24 h and does not say whether a retry is re-signed; events are de-duplicated by
   * content, so accepting a replay inside the window changes nothing (docs/webhooks.md).
   */
  maxAgeSeconds?: number;
  /** How far ahead of our clock the timestamp may be (clock skew). Default 300 s. */
  maxFutureSeconds?: number;
}

/**
 * Verifies a signed SendGrid webhook request. Throws WebhookVerificationError (`missing-header`,
 * `timestamp`, `signature`) and returns nothing on success; parse only afterwards.
 *
 * @example verify(req, { publicKeys: [process.env.SENDGRID_KEY!] }); const events = parse(req.body);
 * @see https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features
 */
export function verify(req: RawRequest, opts: SendgridVerifyOptions, now: Date = new Date()): void {
  const signature = req.headers[SENDGRID_SIGNATURE_HEADER];
  const timestamp = req.headers[SENDGRID_TIMESTAMP_HEADER];
  if (!signature || !timestamp) {
    throw new WebhookVerificationError('missing-header', 'SendGrid signature headers missing');
  }
  if (!/^\d{1,12}$/.test(timestamp.trim())) {
    throw new WebhookVerificationError('timestamp', 'SendGrid timestamp is not Unix seconds');
  }
  const age = now.getTime() / 1000 - Number(timestamp.trim());
  const maxAge = opts.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
  const maxFuture = opts.maxFutureSeconds ?? DEFAULT_MAX_FUTURE_SECONDS;
  if (!(age <= maxAge && -age <= maxFuture)) {
    throw new WebhookVerificationError('timestamp', 'SendGrid timestamp outside the window');
  }
  const sig = Buffer.from(signature.trim(), 'base64');
  // Signed bytes: the header value exactly as sent, then the raw body bytes, no separator.
  const data = Buffer.concat([Buffer.from(timestamp, 'utf8'), Buffer.from(req.body)]);
  for (const key of publicKeysOf(opts.publicKeys)) {
    try {
      if (cryptoVerify('sha256', data, { key, dsaEncoding: 'der' }, sig)) return;
    } catch {
      // A malformed signature or an unusable key is simply not a match; try the next key.
    }
  }
  throw new WebhookVerificationError('signature', 'SendGrid signature does not verify');
}

/** Imported keys, cached by their configured text (config is stable across invocations). */
const keyCache = new Map<string, KeyObject | null>();

function publicKeysOf(keys: readonly (string | KeyObject)[]): KeyObject[] {
  const out: KeyObject[] = [];
  for (const text of keys) {
    if (typeof text === 'object' && text !== null) {
      out.push(text);
      continue;
    }
    if (typeof text !== 'string') continue;
    let key = keyCache.get(text);
    if (key === undefined) {
      key = importKey(text);
      keyCache.set(text, key);
    }
    if (key) out.push(key);
  }
  return out;
}

function importKey(text: string): KeyObject | null {
  try {
    return importSendgridKey(text);
  } catch {
    return null;
  }
}
