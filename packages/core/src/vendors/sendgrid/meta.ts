/**
 * SendGrid's eager metadata: route, settings (verification keys, timestamp window) and the
 * webhook function's size, each number with its reason. Loaded by every deploy and the CLI.
 */
import { positiveSeconds } from '../shared/settings.ts';
import type { SettingSpec, VendorMeta } from '../types.ts';
import { importSendgridKeys, PENDING_KEY } from './keys.ts';

/**
 * Default age a signed timestamp may have: 24 h of SendGrid retries + 1 h margin. SendGrid
 * does not document whether a retried post is re-signed; if it is not, a 600 s window would
 * reject every retry after an outage of more than 10 minutes. Replays inside the window are
 * harmless: events are de-duplicated by content.
 */
export const DEFAULT_MAX_AGE_SECONDS = 25 * 3600;
/** Default clock skew allowed for a timestamp ahead of ours. */
export const DEFAULT_MAX_FUTURE_SECONDS = 300;

/** SendGrid's settings, parsed. */
export interface SendgridSettings {
  publicKeys: string[];
  maxAgeSeconds: number;
  maxFutureSeconds: number;
}

const settings = [
  {
    key: 'publicKeys',
    name: 'SendgridPublicKeys',
    env: 'REBOUND_SENDGRID_PUBLIC_KEYS',
    kind: 'secret',
    required: true,
    holds:
      'the Event Webhook verification key(s): base64 SPKI as SendGrid shows it, or PEM; several comma separated while rotating; `pending` until SendGrid made one',
    deployDefault: PENDING_KEY,
    parse: importSendgridKeys,
  } satisfies SettingSpec<string[]>,
  {
    key: 'maxAgeSeconds',
    name: 'SendgridMaxAgeSeconds',
    env: 'REBOUND_SENDGRID_MAX_AGE_SECONDS',
    kind: 'setting',
    required: false,
    default: String(DEFAULT_MAX_AGE_SECONDS),
    holds: 'how old a signed timestamp may be, in seconds (SendGrid retries for 24 h)',
    parse: positiveSeconds,
  } satisfies SettingSpec<number>,
  {
    key: 'maxFutureSeconds',
    name: 'SendgridMaxFutureSeconds',
    env: 'REBOUND_SENDGRID_MAX_FUTURE_SECONDS',
    kind: 'setting',
    required: false,
    default: String(DEFAULT_MAX_FUTURE_SECONDS),
    holds: 'how far ahead of our clock a signed timestamp may be, in seconds',
    parse: positiveSeconds,
  } satisfies SettingSpec<number>,
] as const;

/** SendGrid, as the registry lists it. */
export const SENDGRID = {
  id: 'sendgrid',
  title: 'SendGrid',
  component: 'Sendgrid',
  docsUrl: 'https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event',
  route: '/webhooks/sendgrid',
  verification: 'ECDSA P-256 signature over timestamp + raw body (Signed Event Webhook)',
  settings,
  // A SendGrid POST carries up to 768 KB of events (dozens to thousands): JSON parse, one ECDSA
  // verify, then batched DynamoDB writes. More memory = more CPU; 30 s leaves room for a full
  // batch of writes with SDK retries, while SendGrid itself retries anything slower.
  // Reserved concurrency: SendGrid posts every 30 s or 768 KB per SendGrid server, so a busy
  // account sends tens to hundreds of POSTs/s (docs/vendor-formats.md §1.1). At ~1 s per full batch,
  // 50 copies take ~50 POSTs/s; beyond that SendGrid's own retries (24 h) absorb the peak.
  tuning: { memoryMb: 512, timeoutSeconds: 30, reservedConcurrency: 50 },
  webhook: 'always',
} as const satisfies VendorMeta<'sendgrid'>;
