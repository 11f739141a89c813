/**
 * A vendor's direct source (no HTTP; e.g. SES → SNS → Lambda, SES receiving → S3 → Lambda,
 * IAM-authorized): the adapter parses the Lambda event (reading what it points to through
 * `io`), the events are applied durably. Throws on a dependency failure so Lambda's async retry
 * (and the on-failure queue) take over; a malformed or oversized event is dropped.
 */
import {
  type DirectIo,
  PayloadError,
  PayloadTooLargeError,
  type VendorAdapter,
} from '@rebound/core';
import { addEventBreakdown, addMetrics, metricsOf } from '../observability.ts';
import { addRateMetrics } from '../rates/rate-metrics.ts';
import { basics, pipeline, sinkFor, type WebhookDeps } from './pipeline.ts';

/** A direct source's deps: the shared ones and the vendor's adapter (with a `directSource`). */
export interface DirectHandlerDeps extends WebhookDeps {
  adapter: VendorAdapter;
  /** What the source may read besides its event (the inbound mail bucket). */
  io?: DirectIo;
}

/**
 * Builds the handler of a vendor's direct subscription (`functions/subscriber.ts`).
 *
 * @example export const handler = createDirectHandler({ ...deps, adapter: await loadVendor('ses') });
 */
export function createDirectHandler(deps: DirectHandlerDeps) {
  const source = deps.adapter.directSource;
  if (!source) throw new Error(`vendor ${deps.adapter.id} has no direct source`);
  const { now, logger, metrics } = basics(deps);
  const sink = sinkFor(deps, now, { logger, metrics });
  return pipeline<unknown, { received: number }>(
    async (event) => {
      logger.appendKeys({ vendor: deps.adapter.id });
      let events: Awaited<ReturnType<typeof source.parse>>;
      try {
        events = await source.parse(event, now(), deps.io ?? {});
      } catch (err) {
        // A malformed notification (or a mail over the limit) never succeeds: log and drop
        // rather than retry it.
        if (!(err instanceof PayloadError || err instanceof PayloadTooLargeError)) throw err;
        logger.warn('malformed event', { error: err.message });
        return { received: 0 };
      }
      const report = await sink.process(events);
      addMetrics(metrics, metricsOf(report));
      addEventBreakdown(metrics, events);
      addRateMetrics(metrics, report.counted);
      logger.info('processed', { received: report.received, outcomes: report.outcomes });
      return { received: report.received };
    },
    logger,
    metrics,
  );
}
