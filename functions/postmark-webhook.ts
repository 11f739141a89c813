/** Lambda entry point: Postmark webhooks (POST /webhooks/postmark). Wiring only. */
import { createPostmarkWebhookHandler } from '@rebound/aws';
import { loadConfig } from './lib/config.ts';

/** The handler SST deploys as `functions/postmark-webhook.handler`. */
export const handler = createPostmarkWebhookHandler(await loadConfig());
