/**
 * Resend's eager metadata: route, settings (the Svix signing secrets) and the webhook function's
 * size, each number with its reason. Loaded by every deploy and the CLI.
 */
import { list, PENDING } from '../shared/settings.ts';
import type { SettingSpec, VendorMeta } from '../types.ts';

/**
 * Svix's tolerance, both ways: 5 minutes. Svix signs every attempt when it sends it (a retry
 * carries a fresh `svix-timestamp`), so a narrow window rejects no legitimate retry.
 */
export const TOLERANCE_SECONDS = 300;

/** Resend's settings, parsed. */
export interface ResendSettings {
  /** The decoded HMAC keys (one per `whsec_` secret). */
  secrets: Buffer[];
}

/**
 * `whsec_<base64>` secrets (the prefix is optional, as in Svix's libraries), several comma
 * separated while rotating; each decodes to the HMAC key. `pending` (the deploy default) is "no
 * secret yet": every post is refused until it is set. Throws naming the position only.
 *
 * @example signingSecrets('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw') // [24-byte Buffer]
 */
export function signingSecrets(raw: string): Buffer[] {
  if (raw.trim() === PENDING) return [];
  const items = list(raw);
  if (items.length === 0) throw new Error('has no secret');
  return items.map((item, i) => {
    const b64 = item.startsWith('whsec_') ? item.slice('whsec_'.length) : item;
    const key = /^[A-Za-z0-9+/]+={0,2}$/.test(b64) ? Buffer.from(b64, 'base64') : null;
    if (!key || key.length < 16 || key.length > 128) {
      const which = items.length > 1 ? `secret ${i + 1} of ${items.length}` : 'the secret';
      throw new Error(`${which} is not a signing secret (whsec_ + base64 of 16–128 bytes)`);
    }
    return key;
  });
}

const settings = [
  {
    key: 'secrets',
    name: 'ResendSigningSecrets',
    env: 'REBOUND_RESEND_SIGNING_SECRETS',
    kind: 'secret',
    required: true,
    holds:
      "the webhook's signing secret(s) (`whsec_…`, on the webhook's page in Resend); several comma separated while rotating; `pending` until set (every post refused)",
    deployDefault: PENDING,
    parse: signingSecrets,
  } satisfies SettingSpec<Buffer[]>,
] as const;

/** Resend, as the registry lists it. */
export const RESEND = {
  id: 'resend',
  title: 'Resend',
  component: 'Resend',
  docsUrl: 'https://resend.com/docs/webhooks/verify-webhooks-requests',
  route: '/webhooks/resend',
  verification:
    'Svix: HMAC-SHA256 over svix-id.svix-timestamp.raw body, 5-minute window, several secrets',
  settings,
  // Resend (through Svix) posts one event per request: tiny, so the smallest sensible size;
  // Svix waits 15 s for an answer, 10 s leaves room for the writes with SDK retries.
  // Reserved concurrency: one event per request at ~0.1 s, so 20 copies take ~200 events/s;
  // Svix retries anything refused for ≈ 27 h.
  tuning: { memoryMb: 256, timeoutSeconds: 10, reservedConcurrency: 20 },
  webhook: 'always',
} as const satisfies VendorMeta<'resend'>;
