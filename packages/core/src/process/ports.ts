/**
 * The ports the runtime implements (`@rebound/aws` on DynamoDB and SQS): what the handlers
 * and the CLI need from storage and queues, in Rebound's own types.
 */
import type { BatchTally } from '../rates/tally.ts';
import type { NormalizedEvent } from '../types.ts';
import type { EventOutcome } from './group.ts';
import type { RetryMessage, SuppressionRecord } from './records.ts';

/** An address's standing on a stream (or globally): every record that can block it. */
export interface AddressStatus {
  address: string;
  /** The stream asked about, or null (global only). */
  stream: string | null;
  /** Blocked now: an active record under the global key, or under the stream's. */
  suppressed: boolean;
  /** The record that blocks (global first); else the global, then the stream record; else null. */
  record: SuppressionRecord | null;
  /** Every record found under the address's keys (global, stream, erased forms). */
  records: SuppressionRecord[];
}

/** What a lift did. */
export type LiftOutcome =
  | { type: 'lifted'; record: SuppressionRecord }
  | { type: 'not-found' }
  | { type: 'not-suppressed'; record: SuppressionRecord }
  /** A complaint or an unsubscribe: lifting it needs `force` and a reason. */
  | { type: 'force-required'; record: SuppressionRecord };

/** Who lifts, why, and in which scope. */
export interface LiftRequest {
  /** `api:<key name>`, `cli`, … (recorded in the history). */
  by: string;
  why: string;
  /** Required to lift a complaint or an unsubscribe. */
  force?: boolean;
  /** The scope to lift: `global` (default) or a stream name. */
  scope?: string;
}

/** The suppression list as the sender and the API see it. */
export interface SuppressionStore {
  /** The record under a storage key (a normalized address for a global one), or null. */
  get(key: string): Promise<SuppressionRecord | null>;
  /** An address's standing, globally or on a stream. */
  status(address: string, stream?: string | null): Promise<AddressStatus>;
  /** Many addresses' standing (batched); one entry per distinct normalized address. */
  statuses(
    addresses: readonly string[],
    stream?: string | null,
  ): Promise<Map<string, AddressStatus>>;
  /** Whether sending to the address is blocked now (globally, or on `stream`). */
  isSuppressed(address: string, stream?: string | null): Promise<boolean>;
  /** The global record of each address (batched). */
  checkSuppressions(emails: readonly string[]): Promise<Map<string, SuppressionRecord | null>>;
  /** A lift, with the guardrails: the record and its history are kept. */
  lift(address: string, request: LiftRequest): Promise<LiftOutcome>;
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
  /** What this delivery added to the rate counters; absent when it added nothing (or recounted). */
  counted?: BatchTally;
}

/** Applies a batch of normalized events durably (throws DependencyError when it could not). */
export interface EventSink {
  process(events: readonly NormalizedEvent[]): Promise<ProcessReport>;
}
