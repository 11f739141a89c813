/**
 * TransactWriteItems with optimistic concurrency: every item is written only if its `version`
 * still equals what was read (or it is still absent). A failed condition means "re-read and retry".
 */
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

type TxRequest = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

import { dependencyError } from '../errors.ts';

/** One write of a transaction. */
export type TxItem =
  | {
      kind: 'put';
      table: string;
      keyAttr: string;
      item: Record<string, unknown>;
      expected: number | null;
    }
  | { kind: 'delete'; table: string; keyAttr: string; key: string; expected: number };

/** DynamoDB's TransactWriteItems item limit. */
export const MAX_TX_ITEMS = 100;

function toRequest(t: TxItem): TxRequest {
  if (t.kind === 'delete') {
    return {
      Delete: {
        TableName: t.table,
        Key: { [t.keyAttr]: t.key },
        ConditionExpression: '#v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':v': t.expected },
      },
    };
  }
  const item = { ...t.item, version: (t.expected ?? 0) + 1 };
  return t.expected === null
    ? {
        Put: {
          TableName: t.table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#k)',
          ExpressionAttributeNames: { '#k': t.keyAttr },
        },
      }
    : {
        Put: {
          TableName: t.table,
          Item: item,
          ConditionExpression: '#v = :v',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':v': t.expected },
        },
      };
}

/**
 * Runs one transaction. Resolves `committed`, or `conflict` when a condition failed or another
 * transaction interfered; any other failure throws DependencyError.
 */
export async function transact(
  doc: DynamoDBDocumentClient,
  items: readonly TxItem[],
): Promise<'committed' | 'conflict'> {
  try {
    await doc.send(new TransactWriteCommand({ TransactItems: items.map(toRequest) }));
    return 'committed';
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    if (name === 'TransactionCanceledException' || name === 'TransactionConflictException') {
      const reasons =
        (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      const retriable = reasons.every((r) =>
        ['None', 'ConditionalCheckFailed', 'TransactionConflict', undefined].includes(r.Code),
      );
      if (retriable) return 'conflict';
    }
    throw dependencyError('dynamodb', err);
  }
}
