/**
 * The raw mail source as the local stack and `rebound replay` play it: a random secret made
 * locally, and a stored `.eml` posted as is (`message/rfc822`), signed as the forwarder script
 * in docs/webhooks.md signs it.
 */
import { PayloadError } from '../../errors.ts';
import { SIGNATURE_HEADER, signatureHeader } from '../shared/hmac-signature.ts';
import {
  isSecretCredentials,
  newSecret,
  type SecretCredentials,
} from '../shared/secret-credentials.ts';
import type { LocalCredentials, ReplaySigner } from '../types.ts';

/** The date fields a bounce's event time comes from (RFC 5322 Date, RFC 3464 §2.2.5, §2.3.7). */
const DATE_FIELDS = /^(Date|Arrival-Date|Last-Attempt-Date):[^\r\n]*/gim;

/**
 * The mail with its date fields set to `now` (`--fresh`: a stored bounce is years old, and a
 * suppression's lifetime counts from the event). Read as latin1 so every other byte is kept.
 */
export function freshMail(file: Uint8Array, now: Date): Uint8Array {
  const text = Buffer.from(file).toString('latin1');
  return Buffer.from(text.replace(DATE_FIELDS, `$1: ${now.toUTCString()}`), 'latin1');
}

/** The mail replay signer: the file's exact bytes (dates moved to now with `fresh`), signed. */
export const mailReplay: ReplaySigner<SecretCredentials> = {
  request(file, creds, opts) {
    if (!(file instanceof Uint8Array)) throw new PayloadError('mail payload file must be bytes');
    const body = opts.fresh ? freshMail(file, opts.now) : file;
    return {
      body,
      headers: {
        'content-type': 'message/rfc822',
        [SIGNATURE_HEADER]: signatureHeader([creds.secret], opts.now, body),
      },
    };
  },
};

/** The mail source's local credentials: one random secret the webhook accepts. */
export const mailLocal: LocalCredentials<SecretCredentials> = {
  create: newSecret,
  isValid: isSecretCredentials,
  env: (c) => ({ REBOUND_MAIL_SECRETS: c.secret }),
  describe: () => 'HMAC secret <see credentials.json>',
};
