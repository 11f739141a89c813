/**
 * The generic endpoint's eager metadata: Rebound's own signed JSON events (any sender: an MTA
 * log shipper, an in-house ESP), its secrets and its function's size. Loaded by every deploy
 * and the CLI; `optIn`: it deploys only when REBOUND_VENDORS names it.
 */
import { hmacSecrets } from '../shared/hmac-signature.ts';
import { PENDING } from '../shared/settings.ts';
import type { SettingSpec, VendorMeta } from '../types.ts';

/** The generic endpoint's settings, parsed. */
export interface GenericSettings {
  secrets: string[];
}

const settings = [
  {
    key: 'secrets',
    name: 'GenericWebhookSecrets',
    env: 'REBOUND_GENERIC_SECRETS',
    kind: 'secret',
    required: true,
    holds:
      'the HMAC-SHA256 secret(s) your sender signs with, at least 32 characters each; several comma separated while rotating; `pending` refuses every request',
    deployDefault: PENDING,
    parse: hmacSecrets,
  } satisfies SettingSpec<string[]>,
] as const;

/** The generic endpoint, as the registry lists it. */
export const GENERIC = {
  id: 'generic',
  title: 'Generic endpoint',
  component: 'Generic',
  docsUrl: 'docs/webhooks.md#generic-endpoint',
  route: '/webhooks/generic',
  verification:
    'HMAC-SHA256 over timestamp + "." + raw body (`rebound-signature`), ±5 minutes, several secrets',
  settings,
  // At most 100 events per request (schema.ts): a JSON parse, one HMAC, batched writes, like a
  // small SendGrid batch, so SendGrid's size. Reserved concurrency 20: the senders are the
  // user's own scripts, which retry a 429.
  tuning: { memoryMb: 512, timeoutSeconds: 30, reservedConcurrency: 20 },
  webhook: 'always',
  optIn: true,
} as const satisfies VendorMeta<'generic'>;
