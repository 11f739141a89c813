/**
 * The one webhook handler factory: read the request, let the vendor's adapter verify and parse
 * it, claim its single-use value when it has one, apply the events durably, settle the claim,
 * answer 2xx only when every effect is durable. Any registered vendor runs through it; nothing
 * here names a vendor.
 */
import {
  DependencyError,
  NotConfiguredError,
  type OutboundHttp,
  type SingleUseLedger,
  type VendorAdapter,
  WebhookVerificationError,
} from '@rebound/core';
import { createSingleUseLedger } from '../ingest/single-use-ledger.ts';
import { addEventBreakdown, addMetrics, maskEmail, metricsOf } from '../observability.ts';
import { addRateMetrics } from '../rates/rate-metrics.ts';
import { errorResult, type HttpEvent, type HttpResult, json, toRawRequest } from './http.ts';
import { fetchHttp } from './outbound-http.ts';
import { basics, pipeline, sinkFor, type WebhookDeps } from './pipeline.ts';

/** A vendor's webhook: the shared deps, its adapter and its parsed settings. */
export interface WebhookHandlerDeps extends WebhookDeps {
  adapter: VendorAdapter;
  /** The adapter's settings, parsed by its `SettingSpec`s (functions/lib/config.ts). */
  settings: unknown;
  /** Outbound GETs (certificates, confirmations); default `fetch` with a time limit. */
  http?: OutboundHttp;
  /**
   * What `rebound connect` stored for this vendor (`settings#<id>`, read through a short
   * cache); folded into `settings` by the adapter's `withRuntime`. Absent: deployed settings only.
   */
  runtimeSettings?: () => Promise<Readonly<Record<string, unknown>>>;
  /** Where single-use values (`Receipt.singleUse`) are claimed; default: the State table. */
  ledger?: SingleUseLedger;
}

/** Whether a failure means a request could not be verified (the `VerificationFailures` count). */
function failedVerification(err: unknown): boolean {
  return (
    err instanceof WebhookVerificationError ||
    (err instanceof DependencyError && err.phase === 'verify')
  );
}

/**
 * Builds the Middy-wrapped payload-v2 handler of one vendor's webhook.
 *
 * @example export const handler = createWebhookHandler({ ...deps, adapter: await loadVendor('sendgrid'), settings });
 */
export function createWebhookHandler(deps: WebhookHandlerDeps) {
  const { now, logger, metrics } = basics(deps);
  const sink = sinkFor(deps, now, { logger, metrics });
  const { adapter } = deps;
  const http = deps.http ?? fetchHttp;
  const ledger = deps.ledger ?? createSingleUseLedger(deps.doc, deps.tables.state);
  // The merged settings, recomputed only when the cache hands out a new stored value.
  let stored: Readonly<Record<string, unknown>> | undefined;
  let merged = deps.settings;
  const settingsNow = async () => {
    if (!deps.runtimeSettings || !adapter.withRuntime) return deps.settings;
    const current = await deps.runtimeSettings();
    if (current !== stored) {
      merged = adapter.withRuntime(deps.settings, current);
      stored = current;
    }
    return merged;
  };
  return pipeline<HttpEvent, HttpResult>(
    async (event) => {
      logger.appendKeys({ vendor: adapter.id });
      try {
        const req = toRawRequest(event, deps.maxBodyBytes);
        const settings = await settingsNow();
        const received = await adapter.receive(req, { settings, now: now(), http });
        if ('answer' in received) {
          const { status, body, headers } = received.answer;
          return json(status, body, headers);
        }
        const once = received.singleUse;
        if (once) {
          // Claimed before anything is applied, bound to the content: the same value with other
          // content is a replayed signature; with the same content, a redelivery.
          const claim = await ledger.claim(once);
          if (claim === 'conflict') {
            throw new WebhookVerificationError(
              'replay',
              'a single-use token came back with other content',
            );
          }
          if (claim === 'settled') {
            addMetrics(metrics, { DuplicateEvents: received.events.length });
            logger.info('duplicate delivery', { received: received.events.length });
            return json(200, { ok: true, received: received.events.length, duplicate: true });
          }
        }
        const report = await sink.process(received.events);
        // Only once every effect is durable; a failure here answers 5xx and the redelivery
        // finds the claim pending with the same content, and applies again (idempotent).
        if (once) await ledger.settle(once);
        addMetrics(metrics, metricsOf(report));
        addEventBreakdown(metrics, received.events);
        addRateMetrics(metrics, report.counted);
        logger.info('processed', {
          received: report.received,
          outcomes: report.outcomes,
          recipients: [...new Set(received.events.map((e) => maskEmail(e.recipient)))].slice(0, 20),
        });
        return json(200, { ok: true, received: report.received, outcomes: report.outcomes });
      } catch (err) {
        if (failedVerification(err)) addMetrics(metrics, { VerificationFailures: 1 });
        if (err instanceof NotConfiguredError) addMetrics(metrics, { NotConfigured: 1 });
        return errorResult(err, logger);
      }
    },
    logger,
    metrics,
  );
}
