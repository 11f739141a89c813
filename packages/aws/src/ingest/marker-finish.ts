/**
 * The last step of a delivery: enqueue the retries its markers carry, then mark those markers
 * `done`, or release them (lease cleared) when SQS failed so the vendor's redelivery re-sends.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DependencyError,
  type EventMarker,
  type GroupPlan,
  type RetryScheduler,
  type ScheduleResult,
} from '@rebound/core';
import { batchGet } from '../ddb/batch-get.ts';
import { batchPut } from '../ddb/batch-write.ts';
import { markerFromItem, markerItem, markerKey, type TableNames } from '../ddb/items.ts';
import { dependencyError } from '../errors.ts';

interface FinishDeps {
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  scheduler: RetryScheduler;
}

/** Sends the retries of every pending marker this delivery holds, then finalizes or releases them. */
export async function finishMarkers(deps: FinishDeps, plans: GroupPlan[], leaseId: string) {
  const held: EventMarker[] = plans.flatMap((p) =>
    p.markers.filter((m) => m.status === 'pending' && m.lease === leaseId),
  );
  if (!held.length) return;
  const retries = held.flatMap((m) => m.retries);
  let result: ScheduleResult;
  let sqsError: unknown = null;
  try {
    result = await deps.scheduler.schedule(retries);
  } catch (err) {
    sqsError = err;
    result = { sent: [], failed: retries.map((r) => r.retryId) };
  }
  const sent = new Set(result.sent);
  const updates = held.map((m) => {
    const ok = m.retries.every((r) => sent.has(r.retryId));
    const next: EventMarker = ok
      ? { ...m, status: 'done', lease: null, leaseUntil: 0, version: m.version + 1 }
      : { ...m, lease: null, leaseUntil: 0, version: m.version + 1 };
    return markerItem(next);
  });
  try {
    await batchPut(deps.doc, deps.tables.state, updates);
  } catch (err) {
    if (!result.failed.length) throw dependencyError('dynamodb', err);
  }
  if (result.failed.length) {
    throw sqsError
      ? dependencyError('sqs', sqsError)
      : new DependencyError('sqs', `sqs: ${result.failed.length} retry message(s) not sent`);
  }
}

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
