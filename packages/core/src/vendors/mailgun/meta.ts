/**
 * Mailgun's eager metadata: route, settings (webhook signing keys, timestamp window) and the
 * webhook function's size, each number with its reason. Loaded by every deploy and the CLI.
 */
import { list, PENDING, positiveSeconds } from '../shared/settings.ts';
import type { SettingSpec, VendorMeta } from '../types.ts';

/**
 * Default age a signed timestamp may have: 9 h. Mailgun retries a failed post "during 8 hours"
 * and publishes two schedules: 5, 10, 15 min, 1, 2, 4 h (≈ 7 h 30 min, current docs) and 10, 10,
 * 15, 30 min, 1, 2, 4 h (≈ 8 h 05 min, archived docs and help centre). Whether a retry is
 * re-signed is not documented; if it is not, the last retry carries a timestamp ≈ 8 h 05 min
 * old. 9 h = the longer schedule + 55 min for Mailgun's own queueing delays ("delays in webhook
 * processing that are outside of Mailgun's control") and clock skew. The wide window is safe
 * because every token is single-use and bound to its content (docs/webhooks.md).
 */
export const DEFAULT_MAX_AGE_SECONDS = 9 * 3600;
/** Default clock skew allowed for a timestamp ahead of ours. */
export const DEFAULT_MAX_FUTURE_SECONDS = 300;

/** Mailgun's settings, parsed. */
export interface MailgunSettings {
  signingKeys: string[];
  maxAgeSeconds: number;
  maxFutureSeconds: number;
}

/**
 * The HTTP webhook signing key(s): printable, no separators, several while rotating; `pending`
 * (the deploy default) is "no key yet": every post is refused until the key is set.
 */
export function signingKeys(raw: string): string[] {
  if (raw.trim() === PENDING) return [];
  const keys = list(raw);
  if (keys.length === 0) throw new Error('has no key');
  keys.forEach((k, i) => {
    if (!/^[\x21-\x7e]{8,512}$/.test(k)) {
      const which = keys.length > 1 ? `key ${i + 1} of ${keys.length}` : 'the key';
      throw new Error(`${which} is not a webhook signing key (8–512 printable characters)`);
    }
  });
  return keys;
}

const settings = [
  {
    key: 'signingKeys',
    name: 'MailgunSigningKeys',
    env: 'REBOUND_MAILGUN_SIGNING_KEYS',
    kind: 'secret',
    required: true,
    holds:
      "the HTTP webhook signing key(s) from Mailgun's API Security page (not the API key); several comma separated while rotating; `pending` until set (every post refused)",
    deployDefault: PENDING,
    parse: signingKeys,
  } satisfies SettingSpec<string[]>,
  {
    key: 'maxAgeSeconds',
    name: 'MailgunMaxAgeSeconds',
    env: 'REBOUND_MAILGUN_MAX_AGE_SECONDS',
    kind: 'setting',
    required: false,
    default: String(DEFAULT_MAX_AGE_SECONDS),
    holds: 'how old a signed timestamp may be, in seconds (Mailgun retries for about 8 h)',
    parse: positiveSeconds,
  } satisfies SettingSpec<number>,
  {
    key: 'maxFutureSeconds',
    name: 'MailgunMaxFutureSeconds',
    env: 'REBOUND_MAILGUN_MAX_FUTURE_SECONDS',
    kind: 'setting',
    required: false,
    default: String(DEFAULT_MAX_FUTURE_SECONDS),
    holds: 'how far ahead of our clock a signed timestamp may be, in seconds',
    parse: positiveSeconds,
  } satisfies SettingSpec<number>,
] as const;

/** Mailgun, as the registry lists it. */
export const MAILGUN = {
  id: 'mailgun',
  title: 'Mailgun',
  component: 'Mailgun',
  docsUrl: 'https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks',
  route: '/webhooks/mailgun',
  verification:
    'HMAC-SHA256 over timestamp + token (in the body), several keys; each token used once, bound to its events',
  settings,
  // Mailgun posts one event per request: tiny, so the smallest sensible size; 10 s covers the
  // token claim, the event's writes and the settle, with SDK retries. Reserved concurrency: one
  // event per request at ~0.1 s, so 20 copies take ~200 events/s; Mailgun retries anything
  // refused (a 429 included) for about 8 h.
  tuning: { memoryMb: 256, timeoutSeconds: 10, reservedConcurrency: 20 },
  webhook: 'always',
} as const satisfies VendorMeta<'mailgun'>;
