/** Lambda entry point: SendGrid Event Webhook (POST /webhooks/sendgrid). Wiring only. */
import { createSendgridWebhookHandler } from '@rebound/aws';
import { loadConfig } from './lib/config.ts';

/** The handler SST deploys as `functions/sendgrid-webhook.handler`. */
export const handler = createSendgridWebhookHandler(await loadConfig());
