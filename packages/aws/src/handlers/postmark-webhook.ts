/** Postmark webhook handler: Basic auth (constant-time, several pairs), then one record. */
import { type BasicCredential, parsePostmark, verifyPostmark } from '@rebound/core';
import type { WebhookDeps } from './pipeline.ts';
import { createWebhookHandler } from './webhook.ts';

/** Postmark deps: accepted Basic credentials, optional source-IP allowlist. */
export interface PostmarkWebhookDeps extends WebhookDeps {
  postmarkCredentials: BasicCredential[];
  allowedIps?: string[];
}

/** `functions/postmark-webhook.handler` (POST /webhooks/postmark). */
export function createPostmarkWebhookHandler(deps: PostmarkWebhookDeps) {
  return createWebhookHandler(deps, 'postmark', async (req, now) => {
    verifyPostmark(req, {
      credentials: deps.postmarkCredentials,
      ...(deps.allowedIps?.length ? { allowedIps: deps.allowedIps } : {}),
    });
    return { events: parsePostmark(req.body, now) };
  });
}
