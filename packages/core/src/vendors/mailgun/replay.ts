/**
 * Mailgun as the local stack and `rebound replay` play it: a signing key made locally, and a
 * stored payload posted as Mailgun posts it, with a fresh `signature` block (timestamp, a new
 * random token, HMAC) in place of the stored one.
 */
import { randomBytes } from 'node:crypto';
import { asRecord } from '../shared/build-event.ts';
import { expectObject, readPayloadFile } from '../shared/replay.ts';
import type { LocalCredentials, ReplaySigner, SignedRequest } from '../types.ts';
import { signMailgun } from './verify.ts';

/** The local Mailgun credentials: the webhook signing key. */
export interface MailgunCredentials {
  signingKey: string;
}

/**
 * The JSON webhook Mailgun posts for `eventData`, signed with `key` at `now` (a new token each
 * time, 50 hex characters as Mailgun's).
 *
 * @example signMailgunRequest({ event: 'delivered', recipient: 'a@b.c' }, key, new Date())
 */
export function signMailgunRequest(
  eventData: Record<string, unknown>,
  key: string,
  now: Date,
  token = randomBytes(25).toString('hex'),
): SignedRequest {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const signature = { timestamp, token, signature: signMailgun(key, timestamp, token) };
  return {
    body: Buffer.from(JSON.stringify({ signature, 'event-data': eventData })),
    headers: { 'content-type': 'application/json', 'user-agent': 'mailgun/treq-16.12.0' },
  };
}

/** Mailgun's replay signer: a stored webhook body (or a bare `event-data` object), re-signed. */
export const mailgunReplay: ReplaySigner<MailgunCredentials> = {
  request(file, creds, opts) {
    const stored = expectObject(readPayloadFile(file, 'mailgun'), 'a Mailgun payload');
    let data = asRecord(stored['event-data']) ?? stored;
    if (opts.fresh && 'timestamp' in data) data = { ...data, timestamp: opts.now.getTime() / 1000 };
    return signMailgunRequest(data, creds.signingKey, opts.now);
  },
};

/** Mailgun's local credentials: a random signing key; the webhook accepts that one. */
export const mailgunLocal: LocalCredentials<MailgunCredentials> = {
  create: () => ({ signingKey: randomBytes(24).toString('hex') }),
  isValid(v): v is MailgunCredentials {
    const o = asRecord(v);
    return typeof o?.signingKey === 'string' && /^[0-9a-f]{16,}$/.test(o.signingKey);
  },
  env: (c) => ({ REBOUND_MAILGUN_SIGNING_KEYS: c.signingKey }),
  describe: () => 'webhook signing key <see credentials.json>',
};
