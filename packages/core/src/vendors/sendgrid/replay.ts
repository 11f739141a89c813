/**
 * SendGrid as the local stack and `rebound replay` play it: a P-256 key pair made locally, and
 * requests signed the way SendGrid signs them (ECDSA over timestamp + exact body, DER, base64).
 */
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { asRecord } from '../shared/build-event.ts';
import { readPayloadFile, withTimes } from '../shared/replay.ts';
import type { LocalCredentials, ReplayOptions, ReplaySigner, SignedRequest } from '../types.ts';
import { SENDGRID_SIGNATURE_HEADER, SENDGRID_TIMESTAMP_HEADER } from './verify.ts';

/** The local SendGrid credentials: base64 SPKI DER public key, PKCS#8 PEM private key. */
export interface SendgridCredentials {
  publicKey: string;
  privateKeyPem: string;
}

/**
 * The exact bytes SendGrid posts for a stored payload: compact events with CRLF after each,
 * or a signature vector's own bytes (`rawBodyBase64`).
 */
function bodyOf(parsed: unknown, opts: ReplayOptions): Buffer {
  const descriptor = asRecord(parsed);
  if (descriptor && typeof descriptor.rawBodyBase64 === 'string') {
    return Buffer.from(descriptor.rawBodyBase64, 'base64');
  }
  const seconds = Math.floor(opts.now.getTime() / 1000);
  const events = (Array.isArray(parsed) ? parsed : [parsed]).map((e) => {
    const o = asRecord(e);
    return o && opts.fresh ? withTimes(o, ['timestamp'], seconds) : e;
  });
  return Buffer.from(`[${events.map((e) => JSON.stringify(e)).join(',\r\n')}]\r\n`, 'utf8');
}

/**
 * Signs `body` as SendGrid does at `now`.
 *
 * @example signSendgrid(Buffer.from('[]'), creds, new Date())
 */
export function signSendgrid(
  body: Uint8Array,
  creds: SendgridCredentials,
  now: Date,
): SignedRequest {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const key = createPrivateKey(creds.privateKeyPem);
  const signature = sign('sha256', Buffer.concat([Buffer.from(timestamp), body]), {
    key,
    dsaEncoding: 'der',
  });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'SendGrid Event API',
      [SENDGRID_SIGNATURE_HEADER]: signature.toString('base64'),
      [SENDGRID_TIMESTAMP_HEADER]: timestamp,
    },
  };
}

/** SendGrid's replay signer. */
export const sendgridReplay: ReplaySigner<SendgridCredentials> = {
  request(file, creds, opts) {
    return signSendgrid(bodyOf(readPayloadFile(file, 'sendgrid'), opts), creds, opts.now);
  },
};

/** SendGrid's local credentials: a fresh P-256 pair; the webhook trusts its public key. */
export const sendgridLocal: LocalCredentials<SendgridCredentials> = {
  create() {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    return {
      publicKey: ec.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      privateKeyPem: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
  },
  isValid(v): v is SendgridCredentials {
    const o = asRecord(v);
    return typeof o?.publicKey === 'string' && typeof o.privateKeyPem === 'string';
  },
  env: (c) => ({ REBOUND_SENDGRID_PUBLIC_KEYS: c.publicKey }),
  describe: (c) => `public key ${c.publicKey.slice(0, 24)}…`,
};
