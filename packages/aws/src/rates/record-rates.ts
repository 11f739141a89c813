/**
 * The event processor's last step: tally the batch (core) and count it exactly once (State
 * table). Returns the tally when this delivery counted it, so the handler publishes the rate
 * metrics once too; undefined when there was nothing to count or a redelivery found it counted.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type BatchTally,
  type KeyScheme,
  type NormalizedEvent,
  type StreamConfig,
  tallyBatch,
} from '@rebound/core';
import { countBatch } from './count-batch.ts';

/** Tallies `events` and stores the tally once; the tally if this call stored it. */
export async function recordRates(
  deps: { doc: DynamoDBDocumentClient; stateTable: string; now: () => Date },
  events: readonly NormalizedEvent[],
  streams: StreamConfig,
  keys: KeyScheme,
): Promise<BatchTally | undefined> {
  const now = deps.now();
  const tally = tallyBatch(events, { streams, hashOnly: keys.hashOnly, now });
  const result = await countBatch({ doc: deps.doc, table: deps.stateTable, now }, tally);
  return result.outcome === 'counted' ? tally : undefined;
}
