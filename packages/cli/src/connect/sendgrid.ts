/**
 * `rebound connect sendgrid`: points a SendGrid Event Webhook at Rebound and turns signing on.
 * The webhook is created (or found by its URL and updated) disabled, signing is enabled, the
 * verification key is stored where the deployed function reads it, and only then is the webhook
 * enabled — so no event arrives before Rebound can verify it; running it again is safe.
 * API: https://www.twilio.com/docs/sendgrid/api-reference/webhooks (Event Webhook settings).
 */
import { call, type Transport } from './vendor-http.ts';

/** The event types Rebound reads (the rest are left off: opens and clicks are not bounces). */
export const SENDGRID_EVENTS = {
  bounce: true,
  deferred: true,
  delivered: true,
  dropped: true,
  spam_report: true,
  unsubscribe: true,
  group_unsubscribe: true,
  group_resubscribe: true,
  processed: true,
  open: false,
  click: false,
} as const;

interface Webhook {
  id: string;
  url: string;
  enabled: boolean;
  public_key?: string;
}

/** What connecting did. */
export interface SendgridConnected {
  webhookId: string;
  created: boolean;
  publicKey: string;
}

/**
 * Connects the webhook at `url`; `storeKey` saves the verification key before events flow.
 * @example await connectSendgrid(t, 'https://api.sendgrid.com', url, (key) => settings.put(key))
 */
export async function connectSendgrid(
  t: Transport,
  api: string,
  url: string,
  storeKey: (publicKey: string) => Promise<void>,
): Promise<SendgridConnected> {
  const all = await call<{ webhooks?: Webhook[] }>(
    t,
    { method: 'GET', url: `${api}/v3/user/webhooks/event/settings/all` },
    { webhooks: [] },
  );
  const existing = (all.webhooks ?? []).find((w) => w.url === url);
  const settings = { url, enabled: false, friendly_name: 'Rebound', ...SENDGRID_EVENTS };
  const hook = existing
    ? await call<Webhook>(
        t,
        {
          method: 'PATCH',
          url: `${api}/v3/user/webhooks/event/settings/${existing.id}`,
          body: { ...settings, enabled: existing.enabled },
        },
        { ...existing },
      )
    : await call<Webhook>(
        t,
        { method: 'POST', url: `${api}/v3/user/webhooks/event/settings`, body: settings },
        { id: '<new webhook id>', url, enabled: false },
      );
  const signed = await call<{ id: string; public_key: string }>(
    t,
    {
      method: 'PATCH',
      url: `${api}/v3/user/webhooks/event/settings/signed/${hook.id}`,
      body: { enabled: true },
    },
    { id: hook.id, public_key: '<the webhook verification key>' },
  );
  if (!t.dryRun && !signed.public_key) {
    throw new Error('SendGrid enabled signing but returned no public_key');
  }
  await storeKey(signed.public_key);
  if (!hook.enabled || !existing) {
    await call(
      t,
      {
        method: 'PATCH',
        url: `${api}/v3/user/webhooks/event/settings/${hook.id}`,
        body: { enabled: true },
      },
      {},
    );
  }
  return { webhookId: hook.id, created: !existing, publicKey: signed.public_key };
}
