/**
 * Item codecs for the two tables. Suppressions: see suppression-store.ts. State table
 * (partition key `pk`, TTL `expiresAt`):
 *   event#<id>  marker: { eventId, status 'pending'|'done', retries: RetryMessage[], lease, leaseUntil (ms),
 *               recordedAt, version, expiresAt = recordedAt + 7 d }. Written in the same transaction as
 *               the event's effects; `pending` while its retries are not yet on RetryQueue.
 *   soft#<email> soft-bounce state: { attempts, firstFailureAt, lastFailureAt, lastReply, reason, vendor,
 *               messageId, eventId, metadata, plan, emit: { attempt, status, claim, leaseUntil } | null,
 *               version, expiresAt = end of the retry window (or due time) + 7 d }.
 *   once#<vendor>#<token>  a single-use value (single-use-ledger.ts): { digest, status 'pending'|'settled',
 *               expiresAt = the vendor's timestamp window for it + 1 h }.
 */
import type { EventMarker, SoftState, SuppressionRecord } from '@rebound/core';

/** The table names the runtime uses. */
export interface TableNames {
  /** Suppressions table (partition key `email`). */
  suppressions: string;
  /** State table (partition key `pk`). */
  state: string;
}

/** State-table key of a recipient's soft-bounce state. */
export const softKey = (email: string): string => `soft#${email}`;
/** State-table key of an event marker. */
export const markerKey = (eventId: string): string => `event#${eventId}`;

/** Strips storage-only attributes. */
function strip<T>(item: Record<string, unknown> | undefined, drop: string[]): T | null {
  if (!item) return null;
  const copy = { ...item };
  for (const k of drop) delete copy[k];
  return copy as T;
}

/** Suppression record from an item (null when absent). */
export const recordFromItem = (item?: Record<string, unknown>): SuppressionRecord | null =>
  strip<SuppressionRecord>(item, []);

/** Soft-bounce state from an item. */
export const softFromItem = (item?: Record<string, unknown>): SoftState | null =>
  strip<SoftState>(item, ['pk']);

/** Event marker from an item. */
export const markerFromItem = (item?: Record<string, unknown>): EventMarker | null =>
  strip<EventMarker>(item, ['pk']);

/** Item for a soft-bounce state. */
export const softItem = (s: SoftState): Record<string, unknown> => ({ pk: softKey(s.email), ...s });

/** Item for a marker. */
export const markerItem = (m: EventMarker): Record<string, unknown> => ({
  pk: markerKey(m.eventId),
  ...m,
});
