/**
 * The Suppressions table's key layout, shared by the server and @rebound/client: a global key is
 * the normalized address, a stream key `stream:<name>:<address>`, an erased key `hmac:<hex>`.
 */
import { createHmac } from 'node:crypto';

/** A stream name: lowercase letters, digits, `_` and `-`, 1–32 characters, no leading `_`/`-`. */
export const STREAM_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Secret for erased (hashed) keys: a string is used as its UTF-8 bytes. */
export type HashKey = string | Uint8Array;

/** Where a suppression applies: everywhere, or on one stream. */
export type SuppressionScope = 'global' | { stream: string };

/** One key to look up for an address, and what a record under it would mean. */
export interface LookupKey {
  key: string;
  /** `'global'`, or the stream name. */
  scope: string;
  /** True for the `hmac:` form of the plain key. */
  hashed: boolean;
}

/** What a key says about itself. */
export type ParsedKey =
  | { kind: 'global'; address: string }
  | { kind: 'stream'; stream: string; address: string }
  | { kind: 'hashed'; digest: string };

/**
 * Whether `name` is a valid stream name.
 *
 * @example isStreamName('marketing') // true
 */
export function isStreamName(name: unknown): name is string {
  return typeof name === 'string' && STREAM_NAME.test(name);
}

/**
 * The key of a suppression on a stream: `stream:<name>:<address>` (the address normalized). A
 * normalized address has no `:` in its local part outside quotes, so this never equals a global key.
 *
 * @example streamKey('marketing', 'jane@example.com') // 'stream:marketing:jane@example.com'
 */
export function streamKey(stream: string, address: string): string {
  if (!isStreamName(stream)) {
    throw new RangeError(`invalid stream name ${JSON.stringify(stream)}: want ${STREAM_NAME}`);
  }
  return `stream:${stream}:${address}`;
}

/**
 * The plain key for an address (already normalized) in a scope: the address itself for a global
 * suppression, `stream:<name>:<address>` for a stream.
 *
 * @example suppressionKey('jane@example.com', { stream: 'news' }) // 'stream:news:jane@example.com'
 */
export function suppressionKey(address: string, scope: SuppressionScope = 'global'): string {
  return scope === 'global' ? address : streamKey(scope.stream, address);
}

/**
 * The erased form of a plain key: `hmac:` + lowercase hex HMAC-SHA256(hashKey, UTF-8 plainKey).
 *
 * @example hashedKey('k', 'jane@example.com') // 'hmac:6c0f…' (64 hex digits)
 */
export function hashedKey(hashKey: HashKey, plainKey: string): string {
  if (hashKey.length === 0) throw new RangeError('hashKey must not be empty');
  return `hmac:${createHmac('sha256', hashKey).update(plainKey, 'utf8').digest('hex')}`;
}

/**
 * Every key that can block `address` (normalized): the global key, the stream key when a stream
 * is given, and the `hmac:` form of each when a hash key is given. Global keys come first.
 *
 * @example lookupKeys('jane@example.com', { stream: 'news' }).map((k) => k.key)
 * // ['jane@example.com', 'stream:news:jane@example.com']
 */
export function lookupKeys(
  address: string,
  opts: { stream?: string | null; hashKey?: HashKey | null } = {},
): LookupKey[] {
  const plain: LookupKey[] = [{ key: address, scope: 'global', hashed: false }];
  if (opts.stream != null) {
    plain.push({ key: streamKey(opts.stream, address), scope: opts.stream, hashed: false });
  }
  const hashKey = opts.hashKey;
  if (hashKey == null) return plain;
  return plain.flatMap((k) => [k, { ...k, key: hashedKey(hashKey, k.key), hashed: true }]);
}

/**
 * Reads a key back: global (an address), stream, or hashed. Null for anything else.
 *
 * @example parseSuppressionKey('stream:news:jane@example.com')
 * // { kind: 'stream', stream: 'news', address: 'jane@example.com' }
 */
export function parseSuppressionKey(key: string): ParsedKey | null {
  if (key.startsWith('hmac:')) {
    const digest = key.slice(5);
    return /^[0-9a-f]{64}$/.test(digest) ? { kind: 'hashed', digest } : null;
  }
  if (key.startsWith('stream:')) {
    const colon = key.indexOf(':', 7);
    const stream = key.slice(7, colon);
    if (colon === -1 || !isStreamName(stream)) return null;
    return { kind: 'stream', stream, address: key.slice(colon + 1) };
  }
  return key.includes('@') ? { kind: 'global', address: key } : null;
}
