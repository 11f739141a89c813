/**
 * Builds a vendor's sync adapter from its settings (API key, server token, endpoints), saying
 * which setting is missing instead of failing later with a 401.
 */
import { createPostmarkSync } from './postmark-sync.ts';
import type { RetryPolicy } from './rate-limit.ts';
import { createSendgridSync } from './sendgrid-sync.ts';
import { createSesSync, type SesSyncOptions } from './ses-sync.ts';
import { SyncConfigError } from './sync-errors.ts';
import type { SyncVendor, VendorSyncAdapter } from './sync-types.ts';

/** Every vendor's settings; only the synced vendor's are read. */
export interface SyncSettings {
  sendgrid?: { apiKey?: string; baseUrl?: string; pageSize?: number };
  postmark?: { serverToken?: string; baseUrl?: string; streams?: readonly string[] };
  ses?: Omit<SesSyncOptions, 'policy'>;
  /** Retry policy shared by the vendor clients (tests shorten the waits). */
  policy?: RetryPolicy;
}

/**
 * The adapter of `vendor`. Throws SyncConfigError naming the setting when a credential is missing.
 *
 * @example createAdapter('sendgrid', { sendgrid: { apiKey: process.env.SENDGRID_API_KEY } })
 */
export function createAdapter(vendor: SyncVendor, settings: SyncSettings): VendorSyncAdapter {
  const policy = settings.policy ? { policy: settings.policy } : {};
  if (vendor === 'sendgrid') {
    const s = settings.sendgrid ?? {};
    if (!s.apiKey?.trim()) {
      throw new SyncConfigError(
        vendor,
        'no SendGrid API key: set SENDGRID_API_KEY (deployed: the SendgridApiKey secret)',
      );
    }
    return createSendgridSync({
      apiKey: s.apiKey.trim(),
      ...(s.baseUrl ? { baseUrl: s.baseUrl } : {}),
      ...(s.pageSize ? { pageSize: s.pageSize } : {}),
      ...policy,
    });
  }
  if (vendor === 'postmark') {
    const p = settings.postmark ?? {};
    if (!p.serverToken?.trim()) {
      throw new SyncConfigError(
        vendor,
        'no Postmark server token: set POSTMARK_SERVER_TOKEN (deployed: the PostmarkServerToken secret)',
      );
    }
    return createPostmarkSync({
      serverToken: p.serverToken.trim(),
      ...(p.baseUrl ? { baseUrl: p.baseUrl } : {}),
      ...(p.streams?.length ? { streams: p.streams } : {}),
      ...policy,
    });
  }
  return createSesSync({ ...(settings.ses ?? {}), ...policy });
}
