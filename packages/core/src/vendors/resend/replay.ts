/**
 * Resend as the local stack and `rebound replay` play it: a `whsec_` secret made locally, and a
 * stored payload posted as Svix posts it (the exact bytes, `svix-*` headers signed at now).
 */
import { randomBytes } from 'node:crypto';
import { asRecord } from '../shared/build-event.ts';
import { expectObject, readPayloadFile } from '../shared/replay.ts';
import type { LocalCredentials, ReplaySigner, SignedRequest } from '../types.ts';
import { signingSecrets } from './meta.ts';
import { signSvix } from './verify.ts';

/** The local Resend credentials: the webhook's signing secret (`whsec_…`). */
export interface ResendCredentials {
  secret: string;
}

/**
 * The request Svix sends for `body` at `now`, signed with `secret` (a new `svix-id` unless given).
 *
 * @example signResendRequest(Buffer.from('{"type":"email.sent","data":{}}'), 'whsec_…', new Date())
 */
export function signResendRequest(
  body: Uint8Array,
  secret: string,
  now: Date,
  id = `msg_${randomBytes(18).toString('base64url')}`,
): SignedRequest {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const [key] = signingSecrets(secret) as [Buffer];
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Svix-Webhooks/1.0',
      'svix-id': id,
      'svix-timestamp': timestamp,
      'svix-signature': signSvix(key, id, timestamp, body),
    },
  };
}

/**
 * Resend's replay signer: the stored bytes as they are (a descriptor's `rawBodyBase64` when
 * given), or with `--fresh` the event re-serialised with `created_at` at now.
 */
export const resendReplay: ReplaySigner<ResendCredentials> = {
  request(file, creds, opts) {
    const stored = expectObject(readPayloadFile(file, 'resend'), 'a Resend payload');
    let body: Uint8Array = file;
    if (typeof stored.rawBodyBase64 === 'string')
      body = Buffer.from(stored.rawBodyBase64, 'base64');
    else if (opts.fresh && 'created_at' in stored) {
      body = Buffer.from(JSON.stringify({ ...stored, created_at: opts.now.toISOString() }));
    }
    return signResendRequest(body, creds.secret, opts.now);
  },
};

/** Resend's local credentials: a random 24-byte secret; the webhook accepts that one. */
export const resendLocal: LocalCredentials<ResendCredentials> = {
  create: () => ({ secret: `whsec_${randomBytes(24).toString('base64')}` }),
  isValid(v): v is ResendCredentials {
    const o = asRecord(v);
    if (typeof o?.secret !== 'string') return false;
    try {
      return signingSecrets(o.secret).length === 1;
    } catch {
      return false;
    }
  },
  env: (c) => ({ REBOUND_RESEND_SIGNING_SECRETS: c.secret }),
  describe: () => 'signing secret whsec_<see credentials.json>',
};
