/**
 * The local SQS event-source loop against a real local SQS (fauxqs): Lambda-shaped records,
 * successes deleted, `batchItemFailures` and thrown batches redelivered, clean stop.
 */
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEventSource } from '../../scripts/local/event-source.ts';
import { type Service, startFauxqsService } from '../../scripts/local/services.ts';

let fauxqs: Service;
let sqs: SQSClient;
beforeAll(async () => {
  fauxqs = await startFauxqsService();
  sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: fauxqs.endpoint,
    useQueueUrlAsEndpoint: false,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  await fauxqs.stop();
});

/** A queue with a 1 s visibility timeout holding the given bodies. */
async function queueWith(name: string, bodies: string[]) {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '1' } }),
  );
  const url = QueueUrl as string;
  const entries = bodies.map((b, i) => ({ Id: String(i), MessageBody: b }));
  await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
  const attrs = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return { url, arn: attrs.Attributes?.QueueArn as string };
}

async function remaining(url: string): Promise<number> {
  const names = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] as const;
  const res = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...names] }),
  );
  return names.reduce((n, k) => n + Number(res.Attributes?.[k] ?? 0), 0);
}

/** Polls until `done()` (bounded: fails the test rather than hanging). */
async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('startEventSource', () => {
  it('deletes successes, redelivers batchItemFailures, passes Lambda SQS records', async () => {
    const q = await queueWith('es-partial', ['a', 'b', 'c']);
    const seen: string[] = [];
    const records: Record<string, unknown>[] = [];
    const source = startEventSource({
      sqs,
      queueUrl: q.url,
      queueArn: q.arn,
      functionName: 'Worker',
      waitSeconds: 1,
      log: () => {},
      handler: async (event) => {
        records.push(...event.Records);
        const failed = event.Records.filter((r) => r.body === 'b' && !seen.includes('b'));
        seen.push(...event.Records.map((r) => String(r.body)));
        return { batchItemFailures: failed.map((r) => ({ itemIdentifier: String(r.messageId) })) };
      },
    });
    await until(() => seen.filter((b) => b === 'b').length === 2, 'b to be redelivered');
    await until(async () => (await remaining(q.url)) === 0, 'the queue to drain');
    await source.stop();
    expect(seen.sort()).toEqual(['a', 'b', 'b', 'c']);
    expect(records[0]).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: q.arn,
      awsRegion: 'us-east-1',
    });
    expect(records[0]).toHaveProperty('receiptHandle');
    expect(records[0]).toHaveProperty('attributes.ApproximateReceiveCount');
  });
  it('a thrown batch is not deleted: every message comes back', async () => {
    const q = await queueWith('es-throw', ['x', 'y']);
    let calls = 0;
    const seen: string[] = [];
    const source = startEventSource({
      sqs,
      queueUrl: q.url,
      queueArn: q.arn,
      functionName: 'Worker',
      waitSeconds: 1,
      log: () => {},
      handler: async (event) => {
        seen.push(...event.Records.map((r) => String(r.body)));
        if (calls++ === 0) throw new Error('boom');
        return { batchItemFailures: [] };
      },
    });
    await until(() => seen.length >= 4, 'the batch to come back');
    await until(async () => (await remaining(q.url)) === 0, 'the queue to drain');
    await source.stop();
    expect(seen.filter((b) => b === 'x')).toHaveLength(2);
    expect(seen.filter((b) => b === 'y')).toHaveLength(2);
  });
});
