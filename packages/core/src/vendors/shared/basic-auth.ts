/**
 * HTTP Basic credentials, compared in constant time against several configured pairs
 * (rotation). Shared by the Postmark and the SNS-over-HTTPS paths.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** One accepted user/password pair. */
export interface BasicCredential {
  user: string;
  pass: string;
}

/** The challenge to send with a 401 so that SNS retries with its credentials. */
export const BASIC_AUTH_CHALLENGE = 'Basic realm="rebound"';

/** Decodes an `Authorization: Basic …` header into `user:pass` bytes, or null. */
function decodeBasic(header: string | undefined): Buffer | null {
  if (typeof header !== 'string') return null;
  const m = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!m?.[1]) return null;
  return Buffer.from(m[1], 'base64');
}

/**
 * True when the header carries one of the pairs. Every pair is compared (no early exit), each
 * via sha256 digests of equal length and `timingSafeEqual`.
 */
export function basicAuthMatches(
  header: string | undefined,
  credentials: readonly BasicCredential[],
): boolean {
  const given = decodeBasic(header);
  if (given === null) return false;
  const givenDigest = createHash('sha256').update(given).digest();
  let ok = false;
  for (const c of credentials) {
    if (typeof c?.user !== 'string' || typeof c.pass !== 'string') continue;
    const expected = createHash('sha256').update(`${c.user}:${c.pass}`, 'utf8').digest();
    ok = timingSafeEqual(givenDigest, expected) || ok;
  }
  return ok;
}

/** The user and password of a Basic header (split at the first ':'), or null. */
export function basicPair(header: string | undefined): BasicCredential | null {
  const given = decodeBasic(header)?.toString('utf8');
  if (given === undefined) return null;
  const colon = given.indexOf(':');
  return colon < 0 ? null : { user: given.slice(0, colon), pass: given.slice(colon + 1) };
}

/** Whether the request carries an Authorization header at all. */
export function hasAuthorization(header: string | undefined): boolean {
  return typeof header === 'string' && header.trim() !== '';
}
