/**
 * SES over SNS (HTTPS subscription): Basic-auth challenge when credentials are configured,
 * topic allowlist + signature (core), confirm subscriptions by GETting the URL core built.
 */
import {
  type BasicCredential,
  checkSnsBasicAuth,
  DependencyError,
  handleSnsEnvelope,
  type SesSnsConfig,
} from '@rebound/core';
import { json } from './http.ts';
import type { WebhookDeps } from './pipeline.ts';
import { createWebhookHandler } from './webhook.ts';

/** SES HTTPS deps. */
export interface SesWebhookDeps extends WebhookDeps {
  /** Allowlisted topic ARNs. */
  topicArns: string[];
  /** Fetches an SNS signing certificate (PEM) from an already-validated URL. */
  fetchCertificate(url: string): Promise<string>;
  /** GETs the subscription confirm URL (injected so tests can observe it). Throws on failure. */
  httpGet(url: string): Promise<void>;
  /** Basic credentials in the subscription URL; unset = no Basic auth. */
  snsCredentials?: BasicCredential[];
  /** Extra SNS verification settings (tolerance, skew, test-only date skip). */
  sns?: Omit<SesSnsConfig, 'topicArns'>;
}

/** The default `httpGet`: fetch, failing on a non-2xx answer. */
export async function fetchGet(url: string): Promise<void> {
  const res = await fetch(url, { method: 'GET', redirect: 'error' });
  if (!res.ok) throw new Error(`GET confirm URL answered ${res.status}`);
}

/** `functions/ses-webhook.handler` (POST /webhooks/ses). */
export function createSesWebhookHandler(deps: SesWebhookDeps) {
  return createWebhookHandler(deps, 'ses', async (req, now) => {
    const auth = checkSnsBasicAuth(req.headers, deps.snsCredentials);
    if (auth.challenge) {
      return {
        result: json(
          401,
          { error: 'authentication required' },
          { 'www-authenticate': auth.challenge },
        ),
      };
    }
    const outcome = await handleSnsEnvelope(
      req.body,
      req.headers,
      { ...(deps.sns ?? {}), topicArns: deps.topicArns },
      { fetchCertificate: deps.fetchCertificate, now: () => now },
    );
    if (outcome.type === 'subscription-confirmation') {
      try {
        await deps.httpGet(outcome.confirmUrl);
      } catch (err) {
        throw new DependencyError('sns', `sns: confirming the subscription failed: ${String(err)}`);
      }
      return { result: json(200, { ok: true, confirmed: outcome.topicArn }) };
    }
    if (outcome.type === 'unsubscribe-confirmation') {
      return { result: json(200, { ok: true, unsubscribed: outcome.topicArn }) };
    }
    return { events: outcome.events };
  });
}
