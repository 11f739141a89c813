/**
 * The generic webhook handler: read the request, let the vendor verify and parse it, apply the
 * events durably, answer 2xx only when every effect is durable. Vendor files supply `receive`.
 */
import { type NormalizedEvent, type RawRequest, WebhookVerificationError } from '@rebound/core';
import { addEventBreakdown, addMetrics, maskEmail, metricsOf } from '../observability.ts';
import { addRateMetrics } from '../rates/rate-metrics.ts';
import { errorResult, type HttpEvent, type HttpResult, json, toRawRequest } from './http.ts';
import { basics, pipeline, sinkFor, type WebhookDeps } from './pipeline.ts';

/** What a vendor's `receive` returns: events to apply, or a finished answer (e.g. a 401 challenge). */
export type Received = { events: NormalizedEvent[] } | { result: HttpResult };

/** Verifies and parses one request (throws the core errors). */
export type Receive = (req: RawRequest, now: Date) => Promise<Received>;

/** Builds a Middy-wrapped payload-v2 handler around a vendor's `receive`. */
export function createWebhookHandler(deps: WebhookDeps, vendor: string, receive: Receive) {
  const { now, logger, metrics } = basics(deps);
  const sink = sinkFor(deps, now);
  const maxBytes = deps.maxBodyBytes;
  return pipeline<HttpEvent, HttpResult>(
    async (event) => {
      logger.appendKeys({ vendor });
      try {
        const req = toRawRequest(event, maxBytes);
        const received = await receive(req, now());
        if ('result' in received) return received.result;
        const report = await sink.process(received.events);
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
        if (err instanceof WebhookVerificationError)
          addMetrics(metrics, { VerificationFailures: 1 });
        return errorResult(err, logger);
      }
    },
    logger,
    metrics,
  );
}
