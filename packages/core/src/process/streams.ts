/**
 * Streams (scopes) and storage keys. A suppression is `global` (hard bounces, invalid addresses:
 * no stream may send) or belongs to a stream (a complaint about marketing mail must not block
 * password resets). Complaints and unsubscribes take the stream the message was sent on, read from
 * the vendor's metadata and mapped by configuration; everything else is global. Pure.
 */
import {
  type HashKey,
  hashedKey,
  isStreamName,
  lookupKeys,
  suppressionKey,
} from '../suppression-keys.ts';
import type { NormalizedEvent } from '../types.ts';

/** How to tell a message's stream (configuration). */
export interface StreamConfig {
  /** The streams this deployment knows (`marketing`, `transactional`, …). */
  names: readonly string[];
  /** Metadata keys read in order; the first non-empty value is the raw stream. */
  fields: readonly string[];
  /** Raw value → stream (a raw value that is itself a known stream name maps to itself). */
  map: Readonly<Record<string, string>>;
  /** The scope of a complaint or unsubscribe with no mapped stream: `global` or a stream. */
  fallback: string;
}

/**
 * Defaults: no streams (every suppression global, as before streams existed). The fields are
 * where each vendor puts the stream: a custom arg `stream` (SendGrid custom args, SES tags,
 * Postmark metadata), Postmark's `MessageStream`, SES's configuration set, SendGrid's category.
 */
export const DEFAULT_STREAMS: StreamConfig = {
  names: [],
  fields: ['stream', 'MessageStream', 'ses:configuration-set', 'category'],
  map: {},
  fallback: 'global',
};

/** Where the suppressions of an address live, and whether plain addresses are stored at all. */
export interface KeyScheme {
  /** HMAC key for erased (`hmac:`) keys; null: no erasure configured. */
  hashKey: HashKey | null;
  /** Store no plain address: every record under its `hmac:` key (needs `hashKey`). */
  hashOnly: boolean;
}

/** Plain keys, no erasure (the default). */
export const PLAIN_KEYS: KeyScheme = { hashKey: null, hashOnly: false };

/** Kinds whose suppression follows the message's stream. */
const STREAMED = new Set(['complaint', 'unsubscribe']);

/**
 * The scope of the suppression an event may cause: a stream for complaints and unsubscribes
 * (mapped from metadata, else the fallback), `global` for everything else and for opt-outs the
 * vendor applies account-wide (`hints.scope`).
 * @example scopeOf(marketingComplaint, { …DEFAULT_STREAMS, names: ['marketing'] }) // 'marketing'
 */
export function scopeOf(event: NormalizedEvent, cfg: StreamConfig): string {
  const reason = event.verdict?.reason;
  const streamed = STREAMED.has(event.kind) || reason === 'complaint' || reason === 'unsubscribed';
  if (!streamed || cfg.names.length === 0 || event.hints.scope === 'global') return 'global';
  const mapped = mappedStream(event.metadata, cfg);
  if (mapped) return mapped;
  return cfg.fallback === 'global' || cfg.names.includes(cfg.fallback) ? cfg.fallback : 'global';
}

/** The stream a message's metadata names (read and mapped as configured), or null. */
export function mappedStream(
  metadata: Readonly<Record<string, string>>,
  cfg: StreamConfig,
): string | null {
  for (const field of cfg.fields) {
    const raw = metadata[field];
    if (!raw) continue;
    const mapped = cfg.map[raw] ?? (cfg.names.includes(raw) ? raw : undefined);
    if (mapped && cfg.names.includes(mapped)) return mapped;
  }
  return null;
}

/** The plain key of an address in a scope. */
export function plainKeyOf(address: string, scope: string): string {
  return suppressionKey(address, scope === 'global' ? 'global' : { stream: scope });
}

/** The key a record for `address` in `scope` is stored under (its `hmac:` form in hash-only mode). */
export function storageKeyOf(address: string, scope: string, keys: KeyScheme): string {
  const plain = plainKeyOf(address, scope);
  if (!keys.hashOnly) return plain;
  if (!keys.hashKey) throw new Error('hash-only mode needs a hash key');
  return hashedKey(keys.hashKey, plain);
}

/** Every key that can block `address` on `stream` (global first; `hmac:` forms when a key is set). */
export function blockingKeys(address: string, stream: string | null, keys: KeyScheme): string[] {
  return lookupKeys(address, { stream, hashKey: keys.hashKey }).map((k) => k.key);
}

/** Validates a stream configuration; returns the problem, or null. */
export function streamConfigProblem(cfg: StreamConfig): string | null {
  const bad = cfg.names.find((n) => !isStreamName(n));
  if (bad !== undefined) return `stream name "${bad}" is not [a-z0-9][a-z0-9_-]{0,31}`;
  const unknown = Object.entries(cfg.map).find(([, s]) => !cfg.names.includes(s));
  if (unknown) return `stream map "${unknown[0]}" points to unknown stream "${unknown[1]}"`;
  if (cfg.fallback !== 'global' && !cfg.names.includes(cfg.fallback)) {
    return `fallback stream "${cfg.fallback}" is not one of ${cfg.names.join(', ') || '(none)'}`;
  }
  return null;
}

/** Replaces the address in a text with `<recipient>` (hash-only mode stores no address). */
export function redactAddress(text: string, address: string): string {
  if (!text || !address) return text;
  const at = address.indexOf('@');
  const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const local = at > 0 ? address.slice(0, at).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : escaped;
  return text
    .replace(new RegExp(escaped, 'gi'), '<recipient>')
    .replace(new RegExp(`(?<![\\w.+-])${local}(?=@)`, 'gi'), '<recipient>');
}
