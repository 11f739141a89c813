/**
 * The generic endpoint as the local stack and `rebound replay` play it: a random secret made
 * locally, and the stored JSON document posted signed with it, as a sender following
 * docs/webhooks.md signs it.
 */
import { asRecord } from '../shared/build-event.ts';
import { SIGNATURE_HEADER, signatureHeader } from '../shared/hmac-signature.ts';
import { readPayloadFile, withTimes } from '../shared/replay.ts';
import {
  isSecretCredentials,
  newSecret,
  type SecretCredentials,
} from '../shared/secret-credentials.ts';
import type { LocalCredentials, ReplaySigner } from '../types.ts';

/** The generic replay signer: the document as JSON, signed with `rebound-signature`. */
export const genericReplay: ReplaySigner<SecretCredentials> = {
  request(file, creds, opts) {
    let doc = readPayloadFile(file, 'generic');
    if (opts.fresh) {
      const iso = opts.now.toISOString();
      const fresh = (e: unknown) => {
        const o = asRecord(e);
        return o ? withTimes(o, ['occurredAt'], iso) : e;
      };
      doc = Array.isArray(doc) ? doc.map(fresh) : fresh(doc);
    }
    const body = Buffer.from(JSON.stringify(doc));
    return {
      body,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader([creds.secret], opts.now, body),
      },
    };
  },
};

/** The generic endpoint's local credentials: one random secret the webhook accepts. */
export const genericLocal: LocalCredentials<SecretCredentials> = {
  create: newSecret,
  isValid: isSecretCredentials,
  env: (c) => ({ REBOUND_GENERIC_SECRETS: c.secret }),
  describe: () => 'HMAC secret <see credentials.json>',
};
