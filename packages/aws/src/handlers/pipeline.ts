/**
 * The Middy pipeline every handler shares (Powertools Logger context + EMF metrics flush) and
 * the runtime pieces webhook handlers build from their deps (processor, scheduler).
 */

import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy, { type MiddlewareObj } from '@middy/core';
import {
  type DecideRetry,
  decideRetry,
  type EventSink,
  type KeyScheme,
  type ProcessConfig,
} from '@rebound/core';
import type { TableNames } from '../ddb/items.ts';
import { createEventProcessor, type EventProcessorDeps } from '../ingest/event-processor.ts';
import { createLogger, createMetrics } from '../observability.ts';
import { createRetryScheduler } from '../retry/scheduler.ts';

/** Deps every webhook handler takes. */
export interface WebhookDeps {
  doc: DynamoDBDocumentClient;
  sqs: SQSClient;
  tables: TableNames;
  retryQueueUrl: string;
  /** Clock (default: the system clock). */
  now?: () => Date;
  logger?: Logger;
  metrics?: Metrics;
  /** Retry policy (default: core's `decideRetry`). */
  decideRetry?: DecideRetry;
  processConfig?: Partial<ProcessConfig>;
  /** Erasure / hash-only scheme (default: plain keys). */
  keys?: KeyScheme;
  /** Body limit in bytes (413 beyond). */
  maxBodyBytes?: number;
  /** Tuning for the processor (rounds, transaction size, waits). */
  tuning?: Pick<
    EventProcessorDeps,
    'maxRounds' | 'txItems' | 'concurrency' | 'inflightWaitMs' | 'random'
  >;
}

/** Logger, metrics and clock with defaults filled in. */
export function basics(deps: { now?: () => Date; logger?: Logger; metrics?: Metrics }) {
  const logger = deps.logger ?? createLogger();
  return {
    now: deps.now ?? (() => new Date()),
    logger,
    metrics: deps.metrics ?? createMetrics(logger),
  };
}

/** The DynamoDB + SQS event sink for webhook deps (handled errors go to `obs`). */
export function sinkFor(
  deps: WebhookDeps,
  now: () => Date,
  obs: { logger: Logger; metrics: Metrics },
): EventSink {
  return createEventProcessor({
    ...obs,
    doc: deps.doc,
    tables: deps.tables,
    scheduler: createRetryScheduler({ sqs: deps.sqs, queueUrl: deps.retryQueueUrl, now }),
    now,
    decideRetry: deps.decideRetry ?? decideRetry,
    ...(deps.processConfig ? { config: deps.processConfig } : {}),
    ...(deps.keys ? { keys: deps.keys } : {}),
    ...(deps.tuning ?? {}),
  });
}

/**
 * Flushes the EMF metrics after the handler returns or throws, when it recorded any. Powertools'
 * own `logMetrics` warns "No application metrics to publish" on every invocation that recorded
 * none (most API calls), which buries real warnings.
 */
export function flushMetrics(metrics: Metrics): MiddlewareObj {
  const flush = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
}

/** Wraps a handler in Middy with the Powertools logger context and the metrics flush. */
export function pipeline<E, R>(
  fn: (event: E, context?: { getRemainingTimeInMillis?: () => number }) => Promise<R>,
  logger: Logger,
  metrics: Metrics,
) {
  return middy<E, R>()
    .use(injectLambdaContext(logger))
    .use(flushMetrics(metrics))
    .handler(async (event: E, context) => fn(event, context));
}
