/**
 * Parsers for settings' raw text, shared by the vendors' `SettingSpec`s. Each throws an Error
 * whose message says what is wrong without repeating the value (it may be a secret).
 */
import type { BasicCredential } from './basic-auth.ts';

/**
 * The deploy-time placeholder of a secret that `rebound connect` fills in at run time instead:
 * the function starts, and rejects every request until a real value exists (verification on).
 */
export const PENDING = 'pending';

/**
 * A comma- or whitespace-separated list (topic ARNs, IP addresses), blanks dropped.
 *
 * @example list('a, b\nc') // ['a', 'b', 'c']
 */
export function list(raw: string): string[] {
  return raw.split(/[\s,]+/).filter(Boolean);
}

/**
 * A whole number of seconds, at least 1.
 *
 * @example positiveSeconds('90000') // 90000
 */
export function positiveSeconds(raw: string): number {
  const t = raw.trim();
  if (!/^[1-9]\d{0,9}$/.test(t)) throw new Error('must be a whole number of seconds (≥ 1)');
  return Number(t);
}

/**
 * `user:pass` pairs, comma separated (the password may contain `:`; several pairs while
 * rotating). Every pair needs a user and a password.
 *
 * @example basicCredentials('u1:p1, u2:p:2') // [{ user: 'u1', pass: 'p1' }, { user: 'u2', pass: 'p:2' }]
 */
export function basicCredentials(raw: string): BasicCredential[] {
  const pairs = raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return pairs.map((p, i) => {
    const colon = p.indexOf(':');
    if (colon < 1 || colon === p.length - 1) {
      const which = pairs.length > 1 ? `pair ${i + 1} of ${pairs.length}` : 'the pair';
      throw new Error(`${which} is not user:password`);
    }
    return { user: p.slice(0, colon), pass: p.slice(colon + 1) };
  });
}

/**
 * `basicCredentials` that must name at least one pair.
 *
 * @example requiredCredentials('postmark:s3cret')
 */
export function requiredCredentials(raw: string): BasicCredential[] {
  const pairs = basicCredentials(raw);
  if (pairs.length === 0) throw new Error('has no user:password pair');
  return pairs;
}
