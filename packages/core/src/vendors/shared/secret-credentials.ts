/**
 * Local credentials of the sources signed with Rebound's own HMAC (`hmac-signature.ts`): one
 * random secret, made by the local stack and used by `rebound replay` to sign.
 */
import { randomBytes } from 'node:crypto';
import { asRecord } from './build-event.ts';
import { MIN_SECRET_LENGTH } from './hmac-signature.ts';

/** One signing secret. */
export interface SecretCredentials {
  secret: string;
}

/** A fresh 32-byte secret, base64url (43 characters). */
export function newSecret(): SecretCredentials {
  return { secret: randomBytes(32).toString('base64url') };
}

/** Whether a stored value is `{ secret }` long enough to be accepted. */
export function isSecretCredentials(v: unknown): v is SecretCredentials {
  const o = asRecord(v);
  return typeof o?.secret === 'string' && o.secret.length >= MIN_SECRET_LENGTH;
}
