/**
 * Helpers for the vendors' replay signers: reading a stored payload file (fixtures are JSON,
 * SendGrid's signature vectors carry their exact bytes), and moving event times to now.
 */
import { PayloadError } from '../../errors.ts';
import { decodeJson } from './build-event.ts';

/**
 * Reads a stored payload file as JSON. Throws PayloadError naming what it found instead.
 *
 * @example readPayloadFile(readFileSync('test/fixtures/payloads/sendgrid-bounce-hard.json'))
 */
export function readPayloadFile(file: Uint8Array, vendor: string): unknown {
  return decodeJson(file, `${vendor} payload file`);
}

/** Throws PayloadError unless `v` is a JSON object. */
export function expectObject(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new PayloadError(`${what} must be a JSON object`);
  }
  return v as Record<string, unknown>;
}

/** A copy of `o` with each of `keys` that it has set to `value`. */
export function withTimes(
  o: Record<string, unknown>,
  keys: readonly string[],
  value: unknown,
): Record<string, unknown> {
  const out = { ...o };
  for (const k of keys) if (k in out) out[k] = value;
  return out;
}
