/**
 * The RetryQueue consumer: hops messages that are not due yet (re-send with the remaining delay),
 * and for due ones claims the attempt on the soft-bounce state (conditional write), emits the
 * retry-due message, then marks the claim done. Returns the SQS partial-batch failures.
 */
import { parseRetryMessage, type RetryMessage, workerStep } from '@rebound/core';
import { observabilityOf, reportError } from '../observability.ts';
import { handleDue } from './due.ts';
import { sendBatch } from './sqs-send.ts';
import type { Due, QueueRecord, RetryWorkerDeps, WorkerReport } from './worker-types.ts';

export type { Due, QueueRecord, RetryWorkerDeps, WorkerReport } from './worker-types.ts';

/** Processes one batch; returns the message ids to report as `batchItemFailures`. */
export async function runRetryWorker(
  deps: RetryWorkerDeps,
  records: readonly QueueRecord[],
): Promise<{ failures: string[]; report: WorkerReport }> {
  const report: WorkerReport = {
    hopped: 0,
    emitted: 0,
    dropped: 0,
    waiting: 0,
    poison: 0,
    failed: 0,
  };
  const failures: string[] = [];
  const now = deps.now();
  const hops: { rec: QueueRecord; msg: RetryMessage; delay: number }[] = [];
  const due: Due[] = [];
  for (const rec of records) {
    const msg = parseRetryMessage(rec.body);
    if (!msg) {
      report.poison++;
      failures.push(rec.messageId); // poison: redrive policy moves it to RetryDlq
      continue;
    }
    const step = workerStep(msg, rec.messageId, null, null, now);
    if (step.type === 'hop') hops.push({ rec, msg, delay: step.delaySeconds });
    else due.push({ rec, msg });
  }
  if (hops.length) {
    const res = await sendBatch(
      deps.sqs,
      deps.retryQueueUrl,
      hops.map((h) => ({ id: h.rec.messageId, body: h.rec.body, delaySeconds: h.delay })),
    );
    report.hopped += res.sent.length;
    report.failed += res.failed.length;
    failures.push(...res.failed);
  }
  if (due.length) {
    try {
      await handleDue(deps, due, now, report, failures);
    } catch (err) {
      // The due messages go back to the queue (batchItemFailures): SQS redelivers them.
      reportError(observabilityOf(deps), 'RetryBatchFailures', 'due retries failed', err, {
        messages: due.length,
      });
      for (const d of due) if (!failures.includes(d.rec.messageId)) failures.push(d.rec.messageId);
      report.failed += due.length;
    }
  }
  return { failures, report };
}
