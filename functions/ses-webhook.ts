/** Lambda entry point: SES notifications over an SNS HTTPS subscription (POST /webhooks/ses). Wiring only. */
import { createSesWebhookHandler } from '@rebound/aws';
import { loadConfig } from './lib/config.ts';

/** The handler SST deploys as `functions/ses-webhook.handler`. */
export const handler = createSesWebhookHandler(await loadConfig());
