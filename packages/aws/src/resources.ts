/**
 * Creates the runtime's tables (TTL on `expiresAt`) and queues (each with a DLQ and redrive)
 * on local servers: used by the tests, the local stack and `rebound check` demos. Idempotent.
 */
import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { TableNames } from './ddb/items.ts';
import { guard } from './errors.ts';
import { RECENT_INDEX, RECENT_INDEX_KEYS } from './rates/keys.ts';

/** A global secondary index (string keys, every attribute projected). */
interface Index {
  name: string;
  hash: string;
  range: string;
}

async function createTable(
  dynamodb: DynamoDBClient,
  name: string,
  key: string,
  ttl: boolean,
  index?: Index,
) {
  const attrs = index ? [key, index.hash, index.range] : [key];
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attrs.map((a) => ({ AttributeName: a, AttributeType: 'S' })),
        KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
        ...(index
          ? {
              GlobalSecondaryIndexes: [
                {
                  IndexName: index.name,
                  KeySchema: [
                    { AttributeName: index.hash, KeyType: 'HASH' },
                    { AttributeName: index.range, KeyType: 'RANGE' },
                  ],
                  Projection: { ProjectionType: 'ALL' },
                },
              ],
            }
          : {}),
      }),
    );
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 30 }, { TableName: name });
  if (ttl) {
    try {
      await dynamodb.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        }),
      );
    } catch {
      // dynalite has no UpdateTimeToLive; TTL is only housekeeping, reads check expiresAt.
    }
  }
}

/**
 * Creates both tables (partition keys `email` and `pk`, TTL `expiresAt`; the State table's
 * `recent` index). Tests pass
 * `ttl: false`: DynamoDB Local really deletes expired items, and replayed fixtures are old.
 */
export async function ensureTables(
  dynamodb: DynamoDBClient,
  tables: TableNames,
  opts: { ttl?: boolean } = {},
): Promise<void> {
  const ttl = opts.ttl ?? true;
  await guard('dynamodb', async () => {
    await createTable(dynamodb, tables.suppressions, 'email', ttl);
    // The `recent` index lists the batch markers that carry bounces, by day (rates/keys.ts).
    await createTable(dynamodb, tables.state, 'pk', ttl, {
      name: RECENT_INDEX,
      hash: RECENT_INDEX_KEYS.hash,
      range: RECENT_INDEX_KEYS.range,
    });
  });
}

/** Creates a queue with its DLQ (redrive after `maxReceiveCount`); returns both URLs. */
export async function ensureQueue(
  sqs: SQSClient,
  name: string,
  opts: { maxReceiveCount?: number; visibilityTimeout?: number } = {},
): Promise<{ url: string; dlqUrl: string }> {
  return guard('sqs', async () => {
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
    const dlqUrl = dlq.QueueUrl as string;
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
    );
    const q = await sqs.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: {
          VisibilityTimeout: String(opts.visibilityTimeout ?? 30),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: attrs.Attributes?.QueueArn,
            maxReceiveCount: opts.maxReceiveCount ?? 5,
          }),
        },
      }),
    );
    return { url: q.QueueUrl as string, dlqUrl };
  });
}
