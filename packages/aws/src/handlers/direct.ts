/**
 * A vendor's direct source (no HTTP; e.g. SES → SNS → Lambda, IAM-authorized): the adapter
 * parses the Lambda event, the events are applied durably. Throws on a dependency failure so
 * Lambda's async retry (and the on-failure queue) take over; a malformed event is dropped.
 */
import { PayloadError, type VendorAdapter } from '@rebound/core';
import { addEventBreakdown, addMetrics, metricsOf } from '../observability.ts';
import { addRateMetrics } from '../rates/rate-metrics.ts';
import { basics, pipeline, sinkFor, type WebhookDeps } from './pipeline.ts';

/** A direct source's deps: the shared ones and the vendor's adapter (with a `directSource`). */
export interface DirectHandlerDeps extends WebhookDeps {
  adapter: VendorAdapter;
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
      let events: ReturnType<typeof source.parse>;
      try {
        events = source.parse(event, now());
      } catch (err) {
        // A malformed notification never succeeds: log and drop rather than retry it.
        if (!(err instanceof PayloadError)) throw err;
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
