/**
 * The event processor's last step: count the batch's tally (core) exactly once (State table).
 * Returns the tally when this delivery counted it, so the handler publishes the rate metrics
 * once too; undefined when there was nothing to count or a redelivery found it counted.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type BatchTally, isEmptyTally } from '@rebound/core';
import { batchDigest, countBatch } from './count-batch.ts';
import { batchKey } from './keys.ts';

/** Stores `tally` once; the tally if this call stored it. */
export async function recordRates(
  deps: { doc: DynamoDBDocumentClient; stateTable: string; now: () => Date },
  tally: BatchTally,
): Promise<BatchTally | undefined> {
  const result = await countBatch(
    { doc: deps.doc, table: deps.stateTable, now: deps.now() },
    tally,
  );
  return result.outcome === 'counted' ? tally : undefined;
}

/**
 * The State key of the batch's rate marker (null when the batch counts nothing): it exists once
 * the batch was applied and counted in full, so its presence marks a vendor's redelivery.
 */
export function rateMarkerKey(tally: BatchTally): string | null {
  return isEmptyTally(tally) ? null : batchKey(batchDigest(tally.ids));
}
