/**
 * Basic-auth credentials stored as salted hashes, so no password is stored at rest (what
 * `rebound connect postmark` writes): SHA-256 over salt, user and password, compared in
 * constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A stored credential. */
export interface HashedCredential {
  user: string;
  /** base64url salt. */
  salt: string;
  /** hex SHA-256 of `salt:user:pass`. */
  sha256: string;
}

function digest(salt: string, user: string, pass: string): Buffer {
  return createHash('sha256').update(`${salt}:${user}:${pass}`, 'utf8').digest();
}

/**
 * Hashes a credential with a fresh (or given) salt.
 * @example hashCredential('rebound', 's3cret').sha256.length // 64
 */
export function hashCredential(
  user: string,
  pass: string,
  salt = randomBytes(16).toString('base64url'),
): HashedCredential {
  return { user, salt, sha256: digest(salt, user, pass).toString('hex') };
}

/** Whether `user`/`pass` matches one of the stored credentials (every one compared, constant time). */
export function matchesHashed(
  user: string,
  pass: string,
  stored: readonly HashedCredential[],
): boolean {
  let ok = false;
  for (const c of stored) {
    const want = Buffer.from(c.sha256, 'hex');
    const got = digest(c.salt, user, pass);
    if (want.length === got.length && timingSafeEqual(want, got)) ok = true;
  }
  return ok;
}

/** Reads stored credentials defensively (runtime settings are data from a table). */
export function hashedCredentialsOf(value: unknown): HashedCredential[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (c): c is HashedCredential =>
      !!c &&
      typeof c === 'object' &&
      typeof (c as HashedCredential).user === 'string' &&
      typeof (c as HashedCredential).salt === 'string' &&
      /^[0-9a-f]{64}$/.test(String((c as HashedCredential).sha256)),
  );
}
