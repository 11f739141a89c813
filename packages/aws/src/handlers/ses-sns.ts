/**
 * Direct SNS→Lambda subscription for SES notifications (IAM-authorized, no signature check).
 * Throws on a dependency failure so Lambda's async retry (and the SNS DLQ) take over.
 */
import { PayloadError, parseSnsLambdaEvent } from '@rebound/core';
import { addEventBreakdown, addMetrics, metricsOf } from '../observability.ts';
import { addRateMetrics } from '../rates/rate-metrics.ts';
import { basics, pipeline, sinkFor, type WebhookDeps } from './pipeline.ts';

/** `functions/ses-sns.handler`. */
export function createSesSnsHandler(deps: WebhookDeps) {
  const { now, logger, metrics } = basics(deps);
  const sink = sinkFor(deps, now);
  return pipeline<unknown, { received: number }>(
    async (event) => {
      let events: ReturnType<typeof parseSnsLambdaEvent>;
      try {
        events = parseSnsLambdaEvent(event, now());
      } catch (err) {
        // A malformed notification never succeeds: log and drop rather than retry it.
        if (!(err instanceof PayloadError)) throw err;
        logger.warn('malformed SNS event', { error: err.message });
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
