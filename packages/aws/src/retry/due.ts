/**
 * The due half of the retry worker: per recipient, claim the attempt on the soft-bounce state
 * (conditional Put on its version), send the retry-due messages, then mark the claims done.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  hashedKey,
  isActive,
  plainKeyOf,
  retryDueOf,
  type SoftState,
  type SuppressionRecord,
  workerStep,
} from '@rebound/core';
import { mapLimit } from '../concurrency.ts';
import { batchGet, refId } from '../ddb/batch-get.ts';
import { recordFromItem, softFromItem, softItem, softKey } from '../ddb/items.ts';
import { observabilityOf, reportError } from '../observability.ts';
import { sendBatch } from './sqs-send.ts';
import type { Due, RetryWorkerDeps, WorkerReport } from './worker-types.ts';

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

/**
 * Where a message's recipient lives: its storage key (the `hmac:` key in hash-only mode, carried
 * by the message), and with an erasure key the `hmac:` form of its global key, under which an
 * erased address stays suppressed.
 */
function keysFor(deps: RetryWorkerDeps, d: Due): { key: string; erased: string | null } {
  const key = d.msg.key ?? d.msg.recipient;
  const hashKey = deps.keys?.hashKey;
  const erased =
    hashKey && !d.msg.key ? hashedKey(hashKey, plainKeyOf(d.msg.recipient, 'global')) : null;
  return { key, erased };
}

/** The record that decides: an active suppression under the erased key wins over the plain one. */
function decidingRecord(
  plain: SuppressionRecord | null,
  erased: SuppressionRecord | null,
  now: Date,
): SuppressionRecord | null {
  return isActive(erased, now) ? erased : plain;
}

/** Due messages: read state (one BatchGetItem), claim each attempt, emit, mark the claims done. */
export async function handleDue(
  deps: RetryWorkerDeps,
  due: Due[],
  now: Date,
  report: WorkerReport,
  failures: string[],
) {
  const leaseMs = deps.leaseMs ?? 30_000;
  const keys = new Map(due.map((d) => [d.msg.key ?? d.msg.recipient, keysFor(deps, d)]));
  const found = await batchGet(
    deps.doc,
    [...keys.values()].flatMap(({ key, erased }) => [
      { table: deps.tables.suppressions, attr: 'email', value: key },
      { table: deps.tables.state, attr: 'pk', value: softKey(key) },
      ...(erased ? [{ table: deps.tables.suppressions, attr: 'email', value: erased }] : []),
    ]),
  );
  const recordAt = (key: string | null) =>
    key ? recordFromItem(found.get(refId(deps.tables.suppressions, key))) : null;
  // One recipient's messages in order (they share the soft state); recipients in parallel.
  const byKey = new Map<string, Due[]>();
  for (const d of due) {
    const key = d.msg.key ?? d.msg.recipient;
    byKey.set(key, [...(byKey.get(key) ?? []), d]);
  }
  const claimed: { d: Due; soft: SoftState }[] = [];
  await mapLimit([...byKey], 4, async ([key, list]) => {
    const erased = keys.get(key)?.erased ?? null;
    const record = decidingRecord(recordAt(key), recordAt(erased), now);
    let soft = softFromItem(found.get(refId(deps.tables.state, softKey(key))));
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
    } catch (err) {
      // The emit happened; the claim lease bounds any repeat. Reported, not thrown.
      reportError(
        observabilityOf(deps),
        'ClaimFinishFailures',
        'marking a claim done failed',
        err,
        {
          retryId: `${d.msg.eventId}#${d.msg.attempt}`,
        },
      );
    }
  }
}
