/**
 * Resend webhook verification, as Svix (Standard Webhooks) specifies it and in its order:
 * headers present → timestamp within 5 minutes either way → constant-time compare of each `v1`
 * entry of `svix-signature` with HMAC-SHA256(secret, `id.timestamp.body`) for each configured
 * secret (rotation) → only then the body is parsed. Checked against the `svix` package's own
 * `Webhook.verify` in the tests; our own code keeps the webhook bundle small.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookVerificationError } from '../../errors.ts';
import type { RawRequest } from '../../types.ts';
import { TOLERANCE_SECONDS } from './meta.ts';

/** The three headers (Svix also sends them white-labelled as `webhook-*`). */
export interface SvixHeaders {
  id: string;
  timestamp: string;
  signature: string;
}

/** Verification settings: the decoded secrets (several while rotating). */
export interface ResendVerifyOptions {
  secrets: readonly Uint8Array[];
}

/**
 * Verifies a Svix-signed request. Returns its headers; throws WebhookVerificationError
 * (`missing-header`, `timestamp`, `signature`).
 *
 * @example const { id } = verify(req, { secrets: signingSecrets(secret) }); parse(req.body);
 * @see https://docs.svix.com/receiving/verifying-payloads/how-manual
 */
export function verify(
  req: RawRequest,
  opts: ResendVerifyOptions,
  now: Date = new Date(),
): SvixHeaders {
  const h = req.headers;
  const id = h['svix-id'] ?? h['webhook-id'];
  const timestamp = h['svix-timestamp'] ?? h['webhook-timestamp'];
  const signature = h['svix-signature'] ?? h['webhook-signature'];
  if (!id || !timestamp || !signature) {
    throw new WebhookVerificationError('missing-header', 'Svix signature headers missing');
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new WebhookVerificationError('timestamp', 'svix-timestamp is not Unix seconds');
  }
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) {
    throw new WebhookVerificationError('timestamp', 'svix-timestamp outside the 5-minute window');
  }
  const given = v1Signatures(signature);
  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), req.body]);
  for (const secret of opts.secrets) {
    const expected = createHmac('sha256', secret).update(signed).digest();
    for (const sig of given) {
      if (sig.length === expected.length && timingSafeEqual(sig, expected)) {
        return { id, timestamp, signature };
      }
    }
  }
  throw new WebhookVerificationError('signature', 'Svix signature does not verify');
}

/** The `v1,<base64>` entries of the space-separated list; other versions are ignored. */
function v1Signatures(header: string): Buffer[] {
  const out: Buffer[] = [];
  for (const entry of header.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const b64 = entry.slice(comma + 1);
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) out.push(Buffer.from(b64, 'base64'));
  }
  return out;
}

/**
 * The `svix-signature` entry for `body` (`v1,<base64>`), as Svix signs it.
 *
 * @example signSvix(key, 'msg_p5jXN8AQM9LWM0D4loKWxJek', '1614265330', body)
 */
export function signSvix(secret: Uint8Array, id: string, timestamp: string, body: Uint8Array) {
  const mac = createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), body]))
    .digest('base64');
  return `v1,${mac}`;
}
