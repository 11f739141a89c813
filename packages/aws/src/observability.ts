/**
 * Powertools Logger and Metrics for Rebound (namespace `Rebound`, service `rebound`), the
 * address mask used in every log line, and the mapping from a processing report to metrics.
 */
import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { NormalizedEvent, ProcessReport } from '@rebound/core';

/** The metric names of the naming contract. */
export type MetricName =
  | 'EventsReceived'
  | 'SuppressionsWritten'
  | 'RetriesScheduled'
  | 'RetriesEscalated'
  | 'RetriesGivenUp'
  | 'ProbationsStarted'
  | 'ConfigErrors'
  | 'PolicyBlocks'
  | 'VerificationFailures'
  | 'NotConfigured'
  | 'IgnoredEvents'
  | 'DuplicateEvents'
  | 'RetryBatchFailures'
  | 'ClaimFinishFailures';

/** Where a component that cannot throw reports an error: the log and a metric. */
export interface Observability {
  logger: Logger;
  metrics: Metrics;
}

/**
 * Reports an error that is handled without throwing (a best-effort step, a failure answered by
 * a redelivery): one log line with the error, and one count of `metric`. Never swallows.
 *
 * @example reportError(obs, 'ClaimFinishFailures', 'marking a claim done failed', err)
 */
export function reportError(
  obs: Observability,
  metric: MetricName,
  message: string,
  err: unknown,
  extra: Record<string, unknown> = {},
): void {
  obs.logger.error(message, {
    ...extra,
    metric,
    error: err instanceof Error ? { name: err.name, message: err.message } : String(err),
  });
  obs.metrics.addMetric(metric, MetricUnit.Count, 1);
}

/** Logger and metrics, made when the caller gave none (errors are always reported). */
export function observabilityOf(deps: { logger?: Logger; metrics?: Metrics }): Observability {
  const logger = deps.logger ?? createLogger();
  return { logger, metrics: deps.metrics ?? createMetrics(logger) };
}

/** A logger with service `rebound`. */
export function createLogger(): Logger {
  return new Logger({ serviceName: 'rebound' });
}

/** Metrics in namespace `Rebound` with the single default dimension `service=rebound`. */
export function createMetrics(logger?: Logger): Metrics {
  return new Metrics({
    namespace: 'Rebound',
    serviceName: 'rebound',
    ...(logger ? { logger } : {}),
  });
}

/**
 * Masks an address for logs: `j***@example.com`; anything else becomes a short hash.
 * @example maskEmail('jane@example.com') // 'j***@example.com'
 */
export function maskEmail(email: string | null | undefined): string {
  if (!email) return '-';
  const at = email.lastIndexOf('@');
  if (at < 1) return `#${createHash('sha256').update(email).digest('hex').slice(0, 12)}`;
  return `${email[0]}***@${email.slice(at + 1)}`;
}

/** The metric values one processed batch contributes (zeros omitted). */
export function metricsOf(report: ProcessReport): Partial<Record<MetricName, number>> {
  const o = report.outcomes;
  const values: Record<MetricName, number> = {
    EventsReceived: report.received,
    SuppressionsWritten: o.suppressed + o.escalated,
    RetriesScheduled: o['retry-scheduled'],
    RetriesEscalated: o.escalated,
    RetriesGivenUp: o['gave-up'],
    ProbationsStarted: o.probation,
    ConfigErrors: o['config-error'],
    PolicyBlocks: o['policy-block'],
    VerificationFailures: 0,
    NotConfigured: 0,
    IgnoredEvents: o.ignored,
    DuplicateEvents: o.duplicate,
    RetryBatchFailures: 0,
    ClaimFinishFailures: 0,
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v > 0));
}

/** Adds each value as a Count metric. */
export function addMetrics(metrics: Metrics, values: Partial<Record<MetricName, number>>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value) metrics.addMetric(name, MetricUnit.Count, value);
  }
}

/** One `Events` count per vendor, event kind and verdict action (`none` without a verdict). */
export interface EventBreakdownRow {
  dimensions: { vendor: string; kind: string; action: string };
  count: number;
}

/** Counts a batch's events by vendor, kind and action. */
export function eventBreakdown(events: readonly NormalizedEvent[]): EventBreakdownRow[] {
  const rows = new Map<string, EventBreakdownRow>();
  for (const e of events) {
    const dimensions = { vendor: e.vendor, kind: e.kind, action: e.verdict?.action ?? 'none' };
    const key = `${dimensions.vendor}|${dimensions.kind}|${dimensions.action}`;
    const row = rows.get(key) ?? { dimensions, count: 0 };
    row.count++;
    rows.set(key, row);
  }
  return [...rows.values()];
}

/**
 * Publishes the breakdown as `Events` metrics, one EMF record per dimension set (Powertools'
 * single metrics), next to the service-level metrics the alarms read.
 */
export function addEventBreakdown(metrics: Metrics, events: readonly NormalizedEvent[]): void {
  for (const row of eventBreakdown(events)) {
    const single = metrics.singleMetric();
    single.addDimensions(row.dimensions);
    single.addMetric('Events', MetricUnit.Count, row.count);
  }
}
