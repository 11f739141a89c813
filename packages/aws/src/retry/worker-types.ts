/** The retry worker's shapes, shared by its batch loop (worker.ts) and its due half (due.ts). */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KeyScheme, RetryMessage } from '@rebound/core';
import type { TableNames } from '../ddb/items.ts';

/** One SQS record as the worker needs it. */
export interface QueueRecord {
  messageId: string;
  body: string;
}

/** What the worker needs. */
export interface RetryWorkerDeps {
  doc: DynamoDBDocumentClient;
  sqs: SQSClient;
  tables: TableNames;
  retryQueueUrl: string;
  retryDueQueueUrl: string;
  now: () => Date;
  leaseMs?: number;
  /** The deployment's key scheme: with an erasure key, an erased address's record blocks too. */
  keys?: KeyScheme;
  /** Where handled errors are reported (default: a new logger and metrics). */
  logger?: Logger;
  metrics?: Metrics;
}

/** Counts for metrics and logs. */
export interface WorkerReport {
  hopped: number;
  emitted: number;
  dropped: number;
  waiting: number;
  poison: number;
  failed: number;
}

/** A due message with its parsed body. */
export type Due = { rec: QueueRecord; msg: RetryMessage };
