/**
 * Postmark webhook verification: HTTP Basic (several pairs, constant time) behind an optional
 * source-IP allowlist. Postmark signs nothing; its docs offer exactly these two.
 */
import { WebhookVerificationError } from '../../errors.ts';
import { type HashedCredential, matchesHashed } from '../../hashed-credential.ts';
import type { RawRequest } from '../../types.ts';
import {
  type BasicCredential,
  basicAuthMatches,
  basicPair,
  hasAuthorization,
} from '../shared/basic-auth.ts';

/** Verification settings. */
export interface PostmarkVerifyOptions {
  /** Accepted Basic credentials (several, for rotation). Empty: every request fails. */
  credentials: readonly BasicCredential[];
  /** Credentials `rebound connect` stored as salted hashes (runtime settings). */
  hashed?: readonly HashedCredential[];
  /** When non-empty, the request's `sourceIp` must be one of these. */
  allowedIps?: readonly string[];
}

/**
 * Verifies a Postmark webhook request: source IP (when an allowlist is set), then Basic auth.
 * Throws WebhookVerificationError (`source-ip`, `missing-header`, `credentials`).
 *
 * @example verify(req, { credentials: [{ user: 'postmark', pass: secret }] }); parse(req.body);
 */
export function verify(req: RawRequest, opts: PostmarkVerifyOptions): void {
  if (opts.allowedIps && opts.allowedIps.length > 0) {
    const ip = canonicalIp(req.sourceIp);
    if (ip === null || !opts.allowedIps.some((a) => canonicalIp(a) === ip)) {
      throw new WebhookVerificationError('source-ip', 'source IP not in the Postmark allowlist');
    }
  }
  const auth = req.headers.authorization;
  if (!hasAuthorization(auth)) {
    throw new WebhookVerificationError('missing-header', 'Authorization header missing');
  }
  const pair = basicPair(auth);
  // Both lists are always compared (no short circuit), each in constant time.
  const plain = basicAuthMatches(auth, opts.credentials ?? []);
  const hashed = pair !== null && matchesHashed(pair.user, pair.pass, opts.hashed ?? []);
  if (!(plain || hashed)) {
    throw new WebhookVerificationError('credentials', 'Postmark credentials do not match');
  }
}

/** `::ffff:1.2.3.4` and `1.2.3.4` are the same client; IPv6 compared lower-cased. */
function canonicalIp(ip: string | undefined): string | null {
  if (typeof ip !== 'string' || ip.trim() === '') return null;
  return ip
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}
