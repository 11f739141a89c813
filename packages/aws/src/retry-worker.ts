/**
 * The RetryQueue consumer: hops messages that are not due yet (re-send with the remaining delay),
 * and for due ones claims the attempt on the soft-bounce state (conditional write), emits the
 * retry-due message, then marks the claim done. Returns the SQS partial-batch failures.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  parseRetryMessage,
  type RetryMessage,
  retryDueOf,
  type SoftState,
  workerStep,
} from '@rebound/core';
import { batchGet, refId } from './ddb/batch-get.ts';
import { mapLimit } from './errors.ts';
import { recordFromItem, softFromItem, softItem, softKey, type TableNames } from './items.ts';
import { sendBatch } from './sqs-send.ts';

/** One SQS record as the worker needs it. */
export interface QueueRecord {
  messageId: string;
  body: string;
}

/** What the worker needs. */
export interface RetryWorkerDeps {
  doc: DynamoDBDocumentClient;
  sqs: SQSClient;
  tables: TableNames;
  retryQueueUrl: string;
  retryDueQueueUrl: string;
  now: () => Date;
  leaseMs?: number;
}

/** Counts for metrics and logs. */
export interface WorkerReport {
  hopped: number;
  emitted: number;
  dropped: number;
  waiting: number;
  poison: number;
  failed: number;
}

type Due = { rec: QueueRecord; msg: RetryMessage };

async function putSoft(deps: RetryWorkerDeps, next: SoftState, expected: number): Promise<boolean> {
  try {
    await deps.doc.send(
      new PutCommand({
        TableName: deps.tables.state,
        Item: softItem({ ...next, version: expected + 1 }),
        ConditionExpression: '#v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':v': expected },
      }),
    );
    return true;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}

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
    } catch {
      for (const d of due) if (!failures.includes(d.rec.messageId)) failures.push(d.rec.messageId);
      report.failed += due.length;
    }
  }
  return { failures, report };
}

async function handleDue(
  deps: RetryWorkerDeps,
  due: Due[],
  now: Date,
  report: WorkerReport,
  failures: string[],
) {
  const leaseMs = deps.leaseMs ?? 30_000;
  const emails = [...new Set(due.map((d) => d.msg.recipient))];
  const found = await batchGet(
    deps.doc,
    emails.flatMap((e) => [
      { table: deps.tables.suppressions, attr: 'email', value: e },
      { table: deps.tables.state, attr: 'pk', value: softKey(e) },
    ]),
  );
  // One recipient's messages in order (they share the soft state); recipients in parallel.
  const byEmail = new Map<string, Due[]>();
  for (const d of due) byEmail.set(d.msg.recipient, [...(byEmail.get(d.msg.recipient) ?? []), d]);
  const claimed: { d: Due; soft: SoftState }[] = [];
  await mapLimit([...byEmail], 4, async ([email, list]) => {
    const record = recordFromItem(found.get(refId(deps.tables.suppressions, email)));
    let soft = softFromItem(found.get(refId(deps.tables.state, softKey(email))));
    for (const d of list.sort((a, b) => a.msg.attempt - b.msg.attempt)) {
      const step = workerStep(d.msg, d.rec.messageId, soft, record, now);
      if (step.type === 'drop') report.dropped++;
      else if (step.type === 'wait') {
        report.waiting++;
        failures.push(d.rec.messageId);
      } else if (step.type === 'claim' && soft) {
        const emit = {
          attempt: d.msg.attempt,
          status: 'emitting' as const,
          claim: d.rec.messageId,
          leaseUntil: now.getTime() + leaseMs,
        };
        const next = { ...soft, emit };
        if (await putSoft(deps, next, soft.version)) {
          soft = { ...next, version: soft.version + 1 };
          claimed.push({ d, soft });
        } else {
          report.waiting++;
          failures.push(d.rec.messageId); // lost a race: SQS redelivers and we decide again
        }
      }
    }
  });
  if (!claimed.length) return;
  const res = await sendBatch(
    deps.sqs,
    deps.retryDueQueueUrl,
    claimed.map(({ d, soft }) => ({
      id: d.rec.messageId,
      body: JSON.stringify(retryDueOf(d.msg, soft, now)),
    })),
  );
  const sent = new Set(res.sent);
  for (const { d, soft } of claimed) {
    if (!sent.has(d.rec.messageId)) {
      report.failed++;
      failures.push(d.rec.messageId);
      continue;
    }
    report.emitted++;
    // Best effort: if this fails the claim stays `emitting` under our message id, so only a
    // redelivery of this same message (or the lease running out) can emit the attempt again.
    const done = { ...soft, emit: { ...soft.emit!, status: 'done' as const } };
    try {
      await putSoft(deps, done, soft.version);
    } catch {
      /* the emit happened; the claim lease bounds any repeat */
    }
  }
}
