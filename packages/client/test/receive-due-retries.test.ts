/**
 * receiveDueRetries on fauxqs: handled messages are deleted, a message the handler throws on is
 * redelivered, poison messages are reported (never handled) and stay for the dead-letter queue.
 */
import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { retryDueOf } from '@rebound/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { clientsFor, drain } from '../../../test/aws/helpers.ts';
import { ensureQueue } from '../../aws/src/index.ts';
import { RetryDueMessageError } from '../src/index.ts';
import { type PoisonMessage, receiveDueRetries } from '../src/sqs.ts';

const { sqs } = clientsFor();
let queueUrl: string;

/** A retry-due body exactly as the retry worker writes it. */
function due(retryId: string, recipient: string): string {
  const [eventId, attempt] = retryId.split('#') as [string, string];
  return JSON.stringify(
    retryDueOf(
      {
        schema: 'rebound.retry',
        version: 1,
        eventId,
        retryId,
        recipient,
        messageId: 'm-1',
        vendor: 'postmark',
        metadata: { msg_ref: `ref-${eventId}` },
        attempt: Number(attempt),
        dueAt: '2026-11-28T12:05:00.000Z',
        reason: 'rate-limited',
        lastReply: { code: 421, enhanced: '4.7.0', text: 'Try again later' },
        scheduledAt: '2026-11-28T12:00:00.000Z',
      },
      { firstFailureAt: '2026-11-28T12:00:00.000Z' } as never,
      new Date('2026-11-28T12:05:01.000Z'),
    ),
  );
}

async function send(bodies: string[]) {
  await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: bodies.map((MessageBody, i) => ({ Id: String(i), MessageBody })),
    }),
  );
}

beforeEach(async () => {
  queueUrl = (await ensureQueue(sqs, `client-due-${randomUUID().slice(0, 8)}`)).url;
});

describe('receiveDueRetries', () => {
  it('handles and deletes good messages, redelivers failures, reports poison', async () => {
    await send([
      due('e1#1', 'jane@example.com'),
      '{"schema":"rebound.retry-due","version":2}',
      due('e2#3', 'fail@example.com'),
      'not json at all',
      due('e3#1', 'joe@example.com'),
    ]);
    const handled: string[] = [];
    const poisoned: PoisonMessage[] = [];
    const report = await receiveDueRetries({
      queueUrl,
      client: sqs,
      waitSeconds: 1,
      retryDelaySeconds: 0, // make the failed one visible again at once
      handle: (msg, info) => {
        expect(info.receiveCount).toBe(1);
        if (msg.recipient === 'fail@example.com') throw new Error('SMTP relay down');
        handled.push(`${msg.retryId} ${msg.recipient} ${msg.metadata.msg_ref}`);
      },
      onPoison: (p) => poisoned.push(p),
    });
    expect(report.received).toBe(5);
    expect(report.handled.sort()).toEqual(['e1#1', 'e3#1']);
    expect(handled.sort()).toEqual(['e1#1 jane@example.com ref-e1', 'e3#1 joe@example.com ref-e3']);
    expect(report.failed).toMatchObject([
      { retryId: 'e2#3', error: { message: 'SMTP relay down' } },
    ]);
    expect(report.poison.map((p) => [p.body, p.error.field])).toEqual(
      expect.arrayContaining([
        ['{"schema":"rebound.retry-due","version":2}', 'version'],
        ['not json at all', 'body'],
      ]),
    );
    expect(report.poison.every((p) => p.error instanceof RetryDueMessageError)).toBe(true);
    expect(poisoned).toEqual(report.poison);

    // The failed message is back at once (retryDelaySeconds 0); the handled ones are gone; the
    // poison messages stay in flight until the queue's visibility timeout, then go to the DLQ.
    const again = await receiveDueRetries({
      queueUrl,
      client: sqs,
      waitSeconds: 1,
      handle: (msg, info) => {
        expect(msg.retryId).toBe('e2#3');
        expect(info.receiveCount).toBe(2);
      },
    });
    expect(again).toMatchObject({ received: 1, handled: ['e2#3'], failed: [], poison: [] });
    expect(await drain(sqs, queueUrl)).toEqual([]);
    // Deleted, not merely in flight: only the two poison messages are still on the queue.
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '2',
    });
  });

  it('an empty queue: nothing received, nothing handled', async () => {
    const report = await receiveDueRetries({
      queueUrl,
      client: sqs,
      waitSeconds: 0,
      handle: () => {
        throw new Error('not called');
      },
    });
    expect(report).toEqual({ received: 0, handled: [], failed: [], poison: [] });
  });

  it('takes at most maxMessages per poll', async () => {
    await send(Array.from({ length: 6 }, (_, i) => due(`e${i}#1`, `r${i}@example.com`)));
    const report = await receiveDueRetries({
      queueUrl,
      client: sqs,
      waitSeconds: 0,
      maxMessages: 2,
      handle: () => {},
    });
    expect(report.received).toBeLessThanOrEqual(2);
    expect(report.handled).toHaveLength(report.received);
  });
});
