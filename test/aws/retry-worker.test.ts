/**
 * The retry worker on real local servers: a 4-hour retry reaching RetryDueQueue through
 * 900-second hops under an injected clock, idempotence against duplicated retry messages,
 * drops after suppression or delivery, and poison messages reaching the DLQ by redrive.
 */
import {
  DeleteMessageCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  createEventProcessor,
  createRetryScheduler,
  createRetryWorkerHandler,
  RETRY_DUE_SCHEMA,
} from '@rebound/aws';
import { decideRetry, hashedKey, type KeyScheme, type NormalizedEvent } from '@rebound/core';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSqs } from '../setup/servers.ts';
import {
  clientsFor,
  createStack,
  drain,
  HAS_TRANSACTIONS,
  lambdaContext,
  makeEvent,
  type Stack,
} from './helpers.ts';

let sqs: Awaited<ReturnType<typeof startSqs>>;
let stack: Stack;
const clock = { t: new Date('2026-11-28T09:00:00.000Z') };
const now = () => clock.t;
const advance = (s: number) => {
  clock.t = new Date(clock.t.getTime() + s * 1000);
};

const ERASURE: KeyScheme = { hashKey: 'erasure-key-0123456789', hashOnly: false };
const HASH_ONLY: KeyScheme = { ...ERASURE, hashOnly: true };

const webhookSink = (keys?: KeyScheme) =>
  createEventProcessor({
    doc: stack.clients.doc,
    tables: stack.tables,
    scheduler: createRetryScheduler({ sqs: stack.clients.sqs, queueUrl: stack.retryQueueUrl, now }),
    now,
    decideRetry,
    random: () => 0.5,
    ...(keys ? { keys } : {}),
  });
const worker = (keys?: KeyScheme) =>
  createRetryWorkerHandler({
    doc: stack.clients.doc,
    sqs: stack.clients.sqs,
    tables: stack.tables,
    retryQueueUrl: stack.retryQueueUrl,
    retryDueQueueUrl: stack.retryDueQueueUrl,
    now,
    ...(keys ? { keys } : {}),
  });

/** Takes every message (ready or delayed) off RetryQueue, with the delay it was sent with. */
async function takeRetryMessages() {
  const name = stack.retryQueueUrl.split('/').pop() as string;
  const q = sqs.server.inspectQueue(name);
  const msgs = [...(q?.messages.ready ?? []), ...(q?.messages.delayed ?? [])].map((m) => ({
    messageId: m.messageId,
    body: m.body,
    delaySeconds: Math.round(((m.delayUntil ?? m.sentTimestamp) - m.sentTimestamp) / 1000),
  }));
  await stack.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: stack.retryQueueUrl }));
  return msgs;
}

const sqsEvent = (records: { messageId: string; body: string }[]): SQSEvent =>
  ({
    Records: records.map((r) => ({
      messageId: r.messageId,
      body: r.body,
      receiptHandle: r.messageId,
    })),
  }) as unknown as SQSEvent;

const softEvent = (recipient: string, delays_s: number[]): NormalizedEvent =>
  makeEvent({
    v: 'soft',
    recipient,
    metadata: { tenant: 't1' },
    verdict: {
      action: 'retry',
      reason: 'rate-limited',
      rule: 'test-421',
      source: 'test',
      retry: { delays_s, window_s: 172_800 },
    },
  });

beforeAll(async () => {
  sqs = await startSqs();
  stack = await createStack(clientsFor(process.env.DDB_ENDPOINT, sqs.endpoint));
});
afterAll(async () => sqs?.stop());

describe.skipIf(!HAS_TRANSACTIONS)('retry worker', () => {
  it('carries a 4-hour retry to RetryDueQueue through 900 s hops', async () => {
    await webhookSink().process([softEvent('four@example.com', [14_400])]);
    let msgs = await takeRetryMessages();
    const delays: number[] = [];
    let hops = 0;
    while (msgs.length) {
      expect(msgs).toHaveLength(1);
      const m = msgs[0]!;
      delays.push(m.delaySeconds);
      advance(m.delaySeconds);
      const res = await worker()(sqsEvent([m]), lambdaContext() as never);
      expect(res.batchItemFailures).toEqual([]);
      msgs = await takeRetryMessages();
      if (msgs.length) hops++;
    }
    expect(delays).toEqual(Array.from({ length: 16 }, () => 900));
    expect(hops).toBe(15);
    const out = await drain(stack.clients.sqs, stack.retryDueQueueUrl);
    expect(out).toHaveLength(1);
    expect(Object.keys(JSON.parse(out[0]!.body)).sort()).toEqual(
      [...RETRY_DUE_SCHEMA.required].sort(),
    );
    expect(JSON.parse(out[0]!.body)).toMatchObject({
      schema: 'rebound.retry-due',
      version: 1,
      recipient: 'four@example.com',
      messageId: 'msg-1',
      vendor: 'sendgrid',
      metadata: { tenant: 't1' },
      attempt: 1,
      dueAt: '2026-11-28T13:00:00.000Z',
      emittedAt: '2026-11-28T13:00:00.000Z',
    });
  });

  it('emits one retry-due message for duplicated retry messages (same batch and later)', async () => {
    await webhookSink().process([softEvent('dup@example.com', [60])]);
    const [m] = await takeRetryMessages();
    advance(60);
    const copies = [
      { messageId: 'copy-a', body: m!.body },
      { messageId: 'copy-b', body: m!.body },
    ];
    const r1 = await worker()(sqsEvent(copies), lambdaContext() as never);
    const r2 = await worker()(
      sqsEvent([{ messageId: 'copy-c', body: m!.body }]),
      lambdaContext() as never,
    );
    const failed = [...r1.batchItemFailures, ...r2.batchItemFailures].map((f) => f.itemIdentifier);
    // a copy that found the claim held by its twin is retried later, then dropped as done
    if (failed.length)
      await worker()(
        sqsEvent(copies.filter((c) => failed.includes(c.messageId))),
        lambdaContext() as never,
      );
    const out = await drain(stack.clients.sqs, stack.retryDueQueueUrl);
    expect(out.filter((o) => JSON.parse(o.body).recipient === 'dup@example.com')).toHaveLength(1);
  });

  it("drops a retry sent for an attempt whose transaction lost: that attempt is another event's", async () => {
    // Two soft bounces for one recipient: the first delivery's transaction lost to the second,
    // after its retry had been enqueued (retries go out before the commit). The second event
    // committed attempt 1; the first's message for attempt 1 is an orphan.
    const winner = softEvent('orphan@example.com', [60]);
    const loser = softEvent('orphan@example.com', [60]);
    await webhookSink().process([winner]);
    const [committed] = await takeRetryMessages();
    const orphan = { ...JSON.parse(committed!.body), retryId: `${loser.id}#1`, eventId: loser.id };
    advance(60);
    const r = await worker()(
      sqsEvent([
        { messageId: 'orphan', body: JSON.stringify(orphan) },
        { messageId: 'committed', body: committed!.body },
      ]),
      lambdaContext() as never,
    );
    expect(r.batchItemFailures).toEqual([]);
    const out = await drain(stack.clients.sqs, stack.retryDueQueueUrl);
    const mine = out
      .map((o) => JSON.parse(o.body))
      .filter((m) => m.recipient === 'orphan@example.com');
    expect(mine.map((m) => m.retryId)).toEqual([`${winner.id}#1`]);
  });

  it('drops a due retry when the recipient was suppressed or delivered meanwhile', async () => {
    await webhookSink().process([
      softEvent('sup@example.com', [60]),
      softEvent('ok@example.com', [60]),
    ]);
    const msgs = await takeRetryMessages();
    await webhookSink().process([
      makeEvent({
        v: 'hard',
        recipient: 'sup@example.com',
        occurredAt: '2026-11-28T09:00:30.000Z',
      }),
      makeEvent({ recipient: 'ok@example.com', occurredAt: '2026-11-28T09:00:30.000Z' }),
    ]);
    advance(60);
    const res = await worker()(sqsEvent(msgs), lambdaContext() as never);
    expect(res.batchItemFailures).toEqual([]);
    expect(await drain(stack.clients.sqs, stack.retryDueQueueUrl)).toEqual([]);
  });

  it('hash-only mode: the retry carries the hmac key, the worker reads its state there and still emits the address', async () => {
    await webhookSink(HASH_ONLY).process([softEvent('hashed@example.com', [60])]);
    const msgs = await takeRetryMessages();
    expect(msgs).toHaveLength(1);
    const key = hashedKey(HASH_ONLY.hashKey!, 'hashed@example.com');
    expect(JSON.parse(msgs[0]!.body)).toMatchObject({ key, recipient: 'hashed@example.com' });
    // No soft state under the plain address: reading there would drop the retry.
    const plain = await stack.clients.doc.send(
      new GetCommand({ TableName: stack.tables.state, Key: { pk: 'soft#hashed@example.com' } }),
    );
    expect(plain.Item).toBeUndefined();
    advance(60);
    const res = await worker(HASH_ONLY)(sqsEvent(msgs), lambdaContext() as never);
    expect(res.batchItemFailures).toEqual([]);
    const out = await drain(stack.clients.sqs, stack.retryDueQueueUrl);
    expect(out.map((o) => JSON.parse(o.body).recipient)).toEqual(['hashed@example.com']);
  });

  it('an erased address stays suppressed for the worker: its hmac record blocks a plain-keyed retry', async () => {
    await webhookSink().process([
      softEvent('erased@example.com', [60]),
      softEvent('kept@example.com', [60]),
    ]);
    const msgs = await takeRetryMessages();
    expect(msgs).toHaveLength(2);
    // A hard bounce recorded under the keyed hash only (what `rebound forget` leaves behind).
    await webhookSink(HASH_ONLY).process([
      makeEvent({
        v: 'hard',
        recipient: 'erased@example.com',
        occurredAt: '2026-11-28T09:00:30.000Z',
      }),
    ]);
    advance(60);
    const res = await worker(ERASURE)(sqsEvent(msgs), lambdaContext() as never);
    expect(res.batchItemFailures).toEqual([]);
    const out = await drain(stack.clients.sqs, stack.retryDueQueueUrl);
    expect(out.map((o) => JSON.parse(o.body).recipient)).toEqual(['kept@example.com']);
  });

  it('reports a poison message as failed, and redrive moves it to the DLQ', async () => {
    await stack.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: stack.retryQueueUrl, MessageBody: '{"not":"a retry"}' }),
    );
    let moved = false;
    for (let i = 0; i < 6 && !moved; i++) {
      const res = await stack.clients.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: stack.retryQueueUrl,
          WaitTimeSeconds: 2,
          MaxNumberOfMessages: 10,
        }),
      );
      const records = (res.Messages ?? []).map((m) => ({
        messageId: m.MessageId as string,
        body: m.Body as string,
        rh: m.ReceiptHandle as string,
      }));
      if (records.length) {
        const out = await worker()(sqsEvent(records), lambdaContext() as never);
        expect(out.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
          records.map((r) => r.messageId),
        );
        for (const r of records.filter(
          (x) => !out.batchItemFailures.some((f) => f.itemIdentifier === x.messageId),
        )) {
          await stack.clients.sqs.send(
            new DeleteMessageCommand({ QueueUrl: stack.retryQueueUrl, ReceiptHandle: r.rh }),
          );
        }
      }
      moved = (await drain(stack.clients.sqs, stack.retryDlqUrl, 1)).length > 0;
    }
    expect(moved).toBe(true);
  });
});
