/**
 * The ports the runtime implements (`@rebound/aws` on DynamoDB and SQS): what the handlers
 * and the CLI need from storage and queues, in Rebound's own types.
 */
import type { NormalizedEvent } from '../types.ts';
import type { EventOutcome } from './group.ts';
import type { RetryMessage, SuppressionRecord } from './records.ts';

/** The suppression list as the sender and the API see it. */
export interface SuppressionStore {
  /** The record for a normalized address, or null. */
  get(email: string): Promise<SuppressionRecord | null>;
  /** Whether sending to the address is blocked now. */
  isSuppressed(email: string): Promise<boolean>;
  /** Status of many addresses (batched); the map has one entry per distinct normalized input. */
  checkSuppressions(emails: readonly string[]): Promise<Map<string, SuppressionRecord | null>>;
  /** Manual unsuppress: keeps the record, records who, when and why. Null when no record. */
  unsuppress(email: string, by: string, why: string): Promise<SuppressionRecord | null>;
}

/** Per-entry result of scheduling retries. */
export interface ScheduleResult {
  sent: string[];
  failed: string[];
}

/** Puts retry messages on RetryQueue with the right delay. */
export interface RetryScheduler {
  /** Sends every message; returns the retryIds sent and failed (after retries). */
  schedule(messages: readonly RetryMessage[]): Promise<ScheduleResult>;
}

/** Counts of one processed batch (metrics and logs). */
export interface ProcessReport {
  received: number;
  outcomes: Record<EventOutcome | 'ignored' | 'config-error' | 'policy-block', number>;
}

/** Applies a batch of normalized events durably (throws DependencyError when it could not). */
export interface EventSink {
  process(events: readonly NormalizedEvent[]): Promise<ProcessReport>;
}
