/**
 * Lambda entry point of every vendor's webhook (POST /webhooks/<vendor>): `REBOUND_VENDOR`
 * names the vendor; its adapter is loaded (its own chunk only) and its settings checked once,
 * at cold start. Wiring only.
 */
import { createWebhookHandler } from '@rebound/aws';
import { loadVendorConfig } from './lib/config.ts';

/** The handler SST deploys as `functions/webhook.handler`, once per vendor. */
export const handler = createWebhookHandler(await loadVendorConfig());
