/**
 * Postmark's eager metadata: route, settings (basic-auth pairs, optional IP allowlist) and the
 * webhook function's size, with reasons. Loaded by every deploy and the CLI.
 */
import type { HashedCredential } from '../../hashed-credential.ts';
import type { BasicCredential } from '../shared/basic-auth.ts';
import { basicCredentials, list, PENDING, requiredCredentials } from '../shared/settings.ts';
import type { SettingSpec, VendorMeta } from '../types.ts';

/** Postmark's settings, parsed. */
export interface PostmarkSettings {
  credentials: BasicCredential[];
  allowedIps: string[];
  /** Stored by `rebound connect postmark` (salted hashes), folded in at run time. */
  hashed?: HashedCredential[];
}

const settings = [
  {
    key: 'credentials',
    name: 'PostmarkCredentials',
    env: 'REBOUND_POSTMARK_CREDENTIALS',
    kind: 'secret',
    required: true,
    holds:
      '`user:password` pairs you choose, comma separated; the same pair goes into the webhook; `pending` when `rebound connect postmark` sets them',
    deployDefault: PENDING,
    parse: (raw: string) =>
      raw.trim() === PENDING ? basicCredentials('') : requiredCredentials(raw),
  } satisfies SettingSpec<BasicCredential[]>,
  {
    key: 'allowedIps',
    name: 'PostmarkAllowedIps',
    env: 'REBOUND_POSTMARK_ALLOWED_IPS',
    kind: 'setting',
    required: false,
    holds: "Postmark's webhook IP addresses, comma separated; empty = any address",
    parse: (raw: string) => {
      const ips = list(raw);
      if (ips.some((ip) => !/^[0-9a-fA-F.:]+$/.test(ip))) {
        throw new Error('must list IPv4 or IPv6 addresses');
      }
      return ips;
    },
  } satisfies SettingSpec<string[]>,
] as const;

/** Postmark, as the registry lists it. */
export const POSTMARK = {
  id: 'postmark',
  title: 'Postmark',
  component: 'Postmark',
  docsUrl: 'https://postmarkapp.com/developer/webhooks/webhooks-overview',
  route: '/webhooks/postmark',
  verification: 'HTTP basic auth, constant time, several pairs; optional source-IP allowlist',
  settings,
  // Postmark posts one event per request: tiny, so the smallest sensible size. Reserved
  // concurrency: one event per request at ~0.1 s, so 20 copies take ~200 events/s; Postmark
  // retries a 429 (for about 70 minutes).
  tuning: { memoryMb: 256, timeoutSeconds: 10, reservedConcurrency: 20 },
  webhook: 'always',
} as const satisfies VendorMeta<'postmark'>;
