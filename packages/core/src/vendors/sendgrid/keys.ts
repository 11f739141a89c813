/**
 * SendGrid verification keys as configured: base64 SPKI (as SendGrid's console shows it) or
 * PEM, several while rotating, or the `pending` placeholder of a stage set up before SendGrid
 * made its key.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { PENDING } from '../shared/settings.ts';

/** The placeholder secret value of a stage whose SendGrid key does not exist yet. */
export const PENDING_KEY = PENDING;

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g;

/**
 * Imports one verification key: PEM `PUBLIC KEY`, or base64 DER SubjectPublicKeyInfo. Throws
 * when it is neither, or not an EC P-256 key.
 *
 * @example importSendgridKey('MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE…')
 */
export function importSendgridKey(text: string): KeyObject {
  const t = text.trim();
  const key = t.startsWith('-----BEGIN')
    ? createPublicKey(t)
    : createPublicKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('not an EC P-256 public key');
  }
  return key;
}

/**
 * Reads the `SendgridPublicKeys` secret into its key texts, each checked: PEM blocks are kept
 * whole (a PEM key is never split on its line breaks; `\n` escapes are line breaks), base64
 * keys are comma or whitespace separated. `pending` is an explicit "no key yet" (every post is
 * rejected until the real key is set). Throws naming the position, never the value.
 *
 * @example importSendgridKeys('MFkw…, MFkw…') // two keys, e.g. during a rotation
 */
export function importSendgridKeys(raw: string): string[] {
  const text = raw.replace(/\\n/g, '\n').trim();
  if (text === PENDING_KEY) return [];
  const pems = text.match(PEM_BLOCK) ?? [];
  const rest = text.replace(PEM_BLOCK, ',');
  if (rest.includes('-----')) throw new Error('has a PEM block that is not a PUBLIC KEY');
  const keys = [...pems, ...rest.split(/[\s,]+/).filter(Boolean)];
  if (keys.length === 0) throw new Error('has no key');
  keys.forEach((key, i) => {
    try {
      importSendgridKey(key);
    } catch {
      const which = keys.length > 1 ? `key ${i + 1} of ${keys.length}` : 'the key';
      throw new Error(`${which} is not an EC P-256 public key (base64 SPKI or PEM)`);
    }
  });
  return keys;
}
