/**
 * Events another delivery holds: markers left `pending` by an earlier version of Rebound (which
 * enqueued retries after the commit) whose lease has not run out. The delivery waits a little
 * for them to be finished, then answers 5xx so the vendor redelivers.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyError } from '@rebound/core';
import { batchGet } from '../ddb/batch-get.ts';
import { markerFromItem, markerKey, type TableNames } from '../ddb/items.ts';

/** Waits (real time) until other deliveries finished these events; throws when they did not. */
export async function waitForMarkers(
  deps: { doc: DynamoDBDocumentClient; tables: TableNames },
  eventIds: string[],
  waitMs: number,
): Promise<void> {
  const deadline = Date.now() + waitMs;
  let left = eventIds;
  for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
    const keys = left.map((id) => ({ table: deps.tables.state, attr: 'pk', value: markerKey(id) }));
    const found = await batchGet(deps.doc, keys);
    left = left.filter((id) => {
      const m = markerFromItem(found.get(`${deps.tables.state}\u0000${markerKey(id)}`));
      return m?.status !== 'done';
    });
    if (!left.length) return;
    if (Date.now() + delay > deadline) break;
    await new Promise((r) => setTimeout(r, delay));
  }
  throw new DependencyError(
    'dynamodb',
    `dynamodb: ${left.length} event(s) still in flight elsewhere`,
  );
}
