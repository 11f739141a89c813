/** SendGrid Event Webhook handler: ECDSA signature over timestamp + raw body, then the batch. */
import { parseSendgrid, verifySendgrid } from '@rebound/core';
import type { WebhookDeps } from './pipeline.ts';
import { createWebhookHandler } from './webhook.ts';

/** SendGrid deps: the webhook's public key(s) (base64 SPKI; several for rotation). */
export interface SendgridWebhookDeps extends WebhookDeps {
  sendgridPublicKeys: string[];
  /** Timestamp window in seconds (default 600: SendGrid retries may keep old timestamps). */
  toleranceSeconds?: number;
}

/** `functions/sendgrid-webhook.handler` (POST /webhooks/sendgrid). */
export function createSendgridWebhookHandler(deps: SendgridWebhookDeps) {
  return createWebhookHandler(deps, 'sendgrid', async (req, now) => {
    verifySendgrid(
      req,
      {
        publicKeys: deps.sendgridPublicKeys,
        ...(deps.toleranceSeconds ? { toleranceSeconds: deps.toleranceSeconds } : {}),
      },
      now,
    );
    return { events: parseSendgrid(req.body, now) };
  });
}
