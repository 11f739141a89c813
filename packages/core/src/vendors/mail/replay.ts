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

/** The mail replay signer: the file's exact bytes, signed. Times are the mail's own. */
export const mailReplay: ReplaySigner<SecretCredentials> = {
  request(file, creds, opts) {
    if (!(file instanceof Uint8Array)) throw new PayloadError('mail payload file must be bytes');
    return {
      body: file,
      headers: {
        'content-type': 'message/rfc822',
        [SIGNATURE_HEADER]: signatureHeader([creds.secret], opts.now, file),
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
