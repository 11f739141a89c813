/**
 * Postmark as the local stack and `rebound replay` play it: a basic-auth pair made locally,
 * and the stored JSON object posted with it, as Postmark posts it.
 */
import { randomBytes } from 'node:crypto';
import { asRecord } from '../shared/build-event.ts';
import { expectObject, readPayloadFile, withTimes } from '../shared/replay.ts';
import type { LocalCredentials, ReplaySigner } from '../types.ts';

/** The local Postmark credentials: the webhook's basic-auth pair. */
export interface PostmarkCredentials {
  user: string;
  pass: string;
}

/** Event-time fields moved to now by `--fresh`. */
const TIMES = ['BouncedAt', 'ReceivedAt', 'DeliveredAt', 'ChangedAt'];

/** Postmark's replay signer: the object as JSON, with `Authorization: Basic`. */
export const postmarkReplay: ReplaySigner<PostmarkCredentials> = {
  request(file, creds, opts) {
    let payload = expectObject(readPayloadFile(file, 'postmark'), 'a Postmark payload');
    if (opts.fresh) payload = withTimes(payload, TIMES, opts.now.toISOString());
    const basic = Buffer.from(`${creds.user}:${creds.pass}`).toString('base64');
    return {
      body: Buffer.from(JSON.stringify(payload)),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Postmark',
        authorization: `Basic ${basic}`,
      },
    };
  },
};

/** Postmark's local credentials: a random password; the webhook accepts that one pair. */
export const postmarkLocal: LocalCredentials<PostmarkCredentials> = {
  create: () => ({ user: 'rebound-local', pass: randomBytes(18).toString('base64url') }),
  isValid(v): v is PostmarkCredentials {
    const o = asRecord(v);
    return typeof o?.user === 'string' && typeof o.pass === 'string';
  },
  env: (c) => ({ REBOUND_POSTMARK_CREDENTIALS: `${c.user}:${c.pass}` }),
  describe: (c) => `basic auth ${c.user}:<see credentials.json>`,
};
