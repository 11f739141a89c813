/**
 * Processing configuration: suppression TTL per reason, evidence cap, marker TTL and lease.
 * Defaults below; every value can be overridden (the runtime passes a partial config).
 */
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry/policy.ts';
import type { Reason } from '../types.ts';
import { DEFAULT_STREAMS, type StreamConfig } from './streams.ts';

/** What the runtime may tune. Durations in days or milliseconds as the name says. */
export interface ProcessConfig {
  /** Days a suppression lasts after its last evidence, per reason; `null` = never expires. */
  suppressionTtlDays: Partial<Record<Reason, number | null>>;
  /** TTL for reasons missing from `suppressionTtlDays`; `null` = never. */
  defaultSuppressionTtlDays: number | null;
  /** Evidence entries kept per record (newest last). */
  evidenceCap: number;
  /** Days a processed-event marker is kept (longer than any vendor's redelivery window). */
  markerTtlDays: number;
  /** Days soft-bounce state outlives its retry window. */
  softStateGraceDays: number;
  /** Days an unproven permanent failure stays on probation, waiting for a second one. */
  probationDays: number;
  /** Hours between the first and a second unproven failure (from another message) that suppress. */
  probationGapHours: number;
  /** A soft bounce escalates only for recipient-side reasons that persist this long (hours)… */
  escalationSpanHours: number;
  /** …across at least this many distinct messages. */
  escalationMessages: number;
  /** History entries kept per record (oldest dropped first). */
  historyCap: number;
  /** How a complaint's or an unsubscribe's stream is told (`streams.ts`). */
  streams: StreamConfig;
  /** The retry schedule soft bounces are planned with (`REBOUND_RETRY_POLICY` overrides parts). */
  retryPolicy: RetryPolicy;
}

/** Defaults. Complaints and unsubscribes never expire; address-level failures expire slowly. */
export const DEFAULT_PROCESS_CONFIG: ProcessConfig = {
  suppressionTtlDays: {
    complaint: null,
    unsubscribed: null,
    'invalid-address': null,
    'user-unknown': 365,
    'mailbox-disabled': 180,
    'recipient-moved': 365,
    'host-unknown': 30,
    'vendor-suppressed': 365,
    'persistent-soft-bounce': 30,
    'repeated-hard-failure': 180,
  },
  defaultSuppressionTtlDays: 365,
  evidenceCap: 5,
  markerTtlDays: 7,
  softStateGraceDays: 7,
  probationDays: 30,
  probationGapHours: 24,
  escalationSpanHours: 24,
  escalationMessages: 2,
  historyCap: 20,
  streams: DEFAULT_STREAMS,
  retryPolicy: DEFAULT_RETRY_POLICY,
};

/** Merges a partial config over the defaults (TTL tables merge key by key). */
export function resolveProcessConfig(partial: Partial<ProcessConfig> = {}): ProcessConfig {
  return {
    ...DEFAULT_PROCESS_CONFIG,
    ...partial,
    suppressionTtlDays: {
      ...DEFAULT_PROCESS_CONFIG.suppressionTtlDays,
      ...(partial.suppressionTtlDays ?? {}),
    },
    streams: { ...DEFAULT_PROCESS_CONFIG.streams, ...(partial.streams ?? {}) },
  };
}

/** TTL in days for a reason under a config (`null` = never expires). */
export function ttlDaysFor(config: ProcessConfig, reason: Reason): number | null {
  const v = config.suppressionTtlDays[reason];
  return v === undefined ? config.defaultSuppressionTtlDays : v;
}

/** Epoch seconds `days` after `iso`, or undefined for `null`. */
export function expiryAfter(iso: string, days: number | null): number | undefined {
  if (days === null) return undefined;
  return Math.floor(Date.parse(iso) / 1000) + Math.round(days * 86_400);
}
