/**
 * The rate metrics (EMF, namespace `Rebound`): `Delivered`, `HardBounces`, `SoftBounces` and
 * `Complaints` as counts with the service dimension (the alarms divide them with metric math,
 * infra/alarms.ts), and the same counts per `stream` and sending `domain` for dashboards.
 * Published only by the delivery that counted the batch, so a redelivery adds nothing.
 */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { BatchTally, RateCounts } from '@rebound/core';

/** Metric name of each counter. */
export const RATE_METRICS: Record<keyof RateCounts, string> = {
  delivered: 'Delivered',
  hard: 'HardBounces',
  soft: 'SoftBounces',
  complaints: 'Complaints',
};

/** The metric values of a tally: totals, and per stream and domain. */
export function rateMetricsOf(tally: BatchTally): {
  totals: Record<string, number>;
  cells: { dimensions: { stream: string; domain: string }; values: Record<string, number> }[];
} {
  const totals: Record<string, number> = {};
  const cells = tally.cells.map((c) => {
    const values: Record<string, number> = {};
    for (const [field, name] of Object.entries(RATE_METRICS)) {
      const n = c[field as keyof RateCounts];
      if (!n) continue;
      values[name] = n;
      totals[name] = (totals[name] ?? 0) + n;
    }
    return { dimensions: { stream: c.stream, domain: c.domain }, values };
  });
  return { totals, cells };
}

/** Publishes a counted tally's metrics (nothing when `tally` is undefined). */
export function addRateMetrics(metrics: Metrics, tally: BatchTally | undefined): void {
  if (!tally) return;
  const { totals, cells } = rateMetricsOf(tally);
  for (const [name, n] of Object.entries(totals)) metrics.addMetric(name, MetricUnit.Count, n);
  for (const cell of cells) {
    if (!Object.keys(cell.values).length) continue;
    const single = metrics.singleMetric();
    single.addDimensions(cell.dimensions);
    for (const [name, n] of Object.entries(cell.values))
      single.addMetric(name, MetricUnit.Count, n);
  }
}
