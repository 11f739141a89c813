/**
 * senderPolicy: exactly GetItem + BatchGetItem on the table and the four queue actions, no
 * wildcards; and every AWS operation the client really sends is covered by it.
 */
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { clientsFor, countRequests } from '../../../test/aws/helpers.ts';
import { ensureQueue, ensureTables } from '../../aws/src/index.ts';
import { createSuppressionChecker, senderPolicy } from '../src/index.ts';
import { receiveDueRetries } from '../src/sqs.ts';

const TABLE = 'arn:aws:dynamodb:eu-west-1:123456789012:table/rebound-production-Suppressions';
const QUEUE = 'arn:aws:sqs:eu-west-1:123456789012:rebound-production-RetryDueQueue';

describe('senderPolicy', () => {
  it('grants exactly the reads and the queue consumption, on the named resources', () => {
    expect(senderPolicy({ suppressionsTableArn: TABLE, retryDueQueueArn: QUEUE })).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReboundCheckSuppressions',
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'],
          Resource: [TABLE],
        },
        {
          Sid: 'ReboundConsumeRetryDue',
          Effect: 'Allow',
          Action: [
            'sqs:ReceiveMessage',
            'sqs:DeleteMessage',
            'sqs:ChangeMessageVisibility',
            'sqs:GetQueueAttributes',
          ],
          Resource: [QUEUE],
        },
      ],
    });
    expect(senderPolicy({ suppressionsTableArn: TABLE }).Statement).toHaveLength(1);
    expect(
      JSON.stringify(senderPolicy({ suppressionsTableArn: TABLE, retryDueQueueArn: QUEUE })),
    ).not.toContain('*');
  });

  it.each([
    [{ suppressionsTableArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/*' }, /one table/],
    [{ suppressionsTableArn: 'rebound-production-Suppressions' }, /one table/],
    [{ suppressionsTableArn: `${TABLE}/index/byReason` }, /one table/],
    [
      { suppressionsTableArn: TABLE, retryDueQueueArn: 'arn:aws:sqs:eu-west-1:123456789012:*' },
      /one queue/,
    ],
    [
      { suppressionsTableArn: TABLE, retryDueQueueArn: 'https://sqs.eu-west-1.amazonaws.com/1/q' },
      /one queue/,
    ],
  ])('refuses %j', (opts, message) => {
    expect(() => senderPolicy(opts)).toThrow(message);
  });

  it('covers every operation the checker and the consumer send (observed on the local servers)', async () => {
    const clients = clientsFor();
    const id = randomUUID().slice(0, 8);
    await ensureTables(
      clients.dynamodb,
      { suppressions: `pol-${id}`, state: `pol-s-${id}` },
      { ttl: false },
    );
    const { url } = await ensureQueue(clients.sqs, `pol-${id}`);
    const ddb = countRequests(clients.dynamodb);
    const sqs = countRequests(clients.sqs);
    const checker = createSuppressionChecker({ tableName: `pol-${id}`, client: clients.dynamodb });
    await checker.isSuppressed('a@example.com');
    await checker.filterSendable(['a@example.com', 'b@example.com']);
    const body = (retryId: string) =>
      JSON.stringify({
        schema: 'rebound.retry-due',
        version: 1,
        retryId,
        recipient: 'a@example.com',
        messageId: null,
        vendor: 'ses',
        metadata: {},
        attempt: 1,
        dueAt: '2026-11-28T12:05:00.000Z',
        reason: 'mailbox-full',
        lastReply: null,
        firstFailureAt: '2026-11-28T12:00:00.000Z',
        emittedAt: '2026-11-28T12:05:01.000Z',
      });
    for (const retryId of ['ok#1', 'fail#1']) {
      await clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body(retryId) }));
    }
    sqs.reset();
    // One handled (DeleteMessageBatch), one failing with a retry delay (ChangeMessageVisibility).
    const report = await receiveDueRetries({
      queueUrl: url,
      client: clients.sqs,
      waitSeconds: 0,
      retryDelaySeconds: 0,
      handle: (msg) => {
        if (msg.retryId === 'fail#1') throw new Error('later');
      },
    });
    expect(report).toMatchObject({
      received: 2,
      handled: ['ok#1'],
      failed: [{ retryId: 'fail#1' }],
    });
    const used = [
      ...[...ddb.counts.keys()].map((c) => `dynamodb:${c.replace(/Command$/, '')}`),
      ...[...sqs.counts.keys()].map(
        (c) => `sqs:${c.replace(/Command$/, '').replace(/Batch$/, '')}`,
      ),
    ];
    expect(used.sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage', // DeleteMessageBatch is authorized by sqs:DeleteMessage
      'sqs:ReceiveMessage',
    ]);
    const granted = senderPolicy({
      suppressionsTableArn: TABLE,
      retryDueQueueArn: QUEUE,
    }).Statement.flatMap((s) => s.Action);
    for (const action of used) expect(granted).toContain(action);
  });
});
