/**
 * The retry worker run over a rig's RetryQueue, as the reliability tests judge retries: by the
 * retry-due messages the sending service receives, not by the queue's copies.
 */
import { createRetryWorkerHandler } from '@rebound/aws';
import { expect } from 'vitest';
import type { Rig } from '../aws/e2e.ts';

/**
 * Runs the retry worker over everything on the rig's RetryQueue two hours after `from` (all
 * retries due), as SQS would: a message reported failed (a copy whose twin holds the claim)
 * comes back after the visibility timeout. Returns the retryIds on RetryDueQueue, sorted.
 */
export async function runWorker(rig: Rig, from: Date): Promise<string[]> {
  rig.clock.t = new Date(from.getTime() + 2 * 3600_000);
  const worker = createRetryWorkerHandler({
    doc: rig.stack.clients.doc,
    sqs: rig.stack.clients.sqs,
    tables: rig.stack.tables,
    retryQueueUrl: rig.stack.retryQueueUrl,
    retryDueQueueUrl: rig.stack.retryDueQueueUrl,
    now: () => rig.clock.t,
  });
  let pending = rig
    .queued(rig.stack.retryQueueUrl)
    .map((m, i) => ({ messageId: `m${i}`, receiptHandle: `m${i}`, body: m.body }));
  for (let pass = 0; pass < 3 && pending.length; pass++) {
    const out = await worker({ Records: pending } as never, {} as never);
    const failed = new Set(
      out.batchItemFailures.map((f: { itemIdentifier: string }) => f.itemIdentifier),
    );
    pending = pending.filter((r) => failed.has(r.messageId));
    rig.clock.t = new Date(rig.clock.t.getTime() + 180_000);
  }
  expect(pending).toEqual([]);
  return rig
    .queued(rig.stack.retryDueQueueUrl)
    .map((m) => String(JSON.parse(m.body).retryId))
    .sort();
}
