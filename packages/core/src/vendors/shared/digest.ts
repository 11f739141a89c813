/**
 * A digest of decoded JSON that survives re-serialisation (key order, whitespace, escapes):
 * sha256 over a canonical form with object keys sorted. Binds a single-use value to the
 * content it came with (`SingleUse.digest`).
 */
import { createHash } from 'node:crypto';

/**
 * Canonical JSON text: object keys sorted by code unit, no whitespace, arrays in order.
 *
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  // JSON.stringify gives undefined for undefined; decoded JSON never holds it.
  return JSON.stringify(value) ?? 'null';
}

/** sha256 hex of the canonical JSON of `value`. */
export function jsonDigest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
