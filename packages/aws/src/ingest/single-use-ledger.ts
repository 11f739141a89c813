/**
 * Core's SingleUseLedger on the State table: item `once#<vendor>#<value>` { digest, status
 * 'pending'|'settled', expiresAt (TTL, seconds) }. Claimed by a conditional PutItem before the
 * events are applied, read back (consistent GetItem) when it exists, settled by a PutItem once
 * the events are durable. SDK failures become DependencyError (answer 5xx, the vendor retries).
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimOutcome, SingleUse, SingleUseLedger } from '@rebound/core';
import { dependencyError, guard } from '../errors.ts';

/** State-table key of a single-use value. */
export const singleUseKey = (key: string): string => `once#${key}`;

const CONDITION_FAILED = 'ConditionalCheckFailedException';

/**
 * The ledger on `stateTable`.
 *
 * @example const ledger = createSingleUseLedger(doc, tables.state); await ledger.claim(use);
 */
export function createSingleUseLedger(
  doc: DynamoDBDocumentClient,
  stateTable: string,
): SingleUseLedger {
  const put = (use: SingleUse, status: 'pending' | 'settled', condition: string) =>
    doc.send(
      new PutCommand({
        TableName: stateTable,
        Item: {
          pk: singleUseKey(use.key),
          digest: use.digest,
          status,
          expiresAt: Math.ceil(use.expiresAt.getTime() / 1000),
        },
        ConditionExpression: condition,
        ...(condition.includes(':d') ? { ExpressionAttributeValues: { ':d': use.digest } } : {}),
      }),
    );
  return {
    async claim(use): Promise<ClaimOutcome> {
      // Two rounds: the item may vanish (TTL) between the failed put and the read.
      for (let round = 0; round < 2; round++) {
        try {
          await put(use, 'pending', 'attribute_not_exists(pk)');
          return 'claimed';
        } catch (err) {
          if ((err as Error).name !== CONDITION_FAILED) throw dependencyError('dynamodb', err);
        }
        const res = await guard('dynamodb', () =>
          doc.send(
            new GetCommand({
              TableName: stateTable,
              Key: { pk: singleUseKey(use.key) },
              ConsistentRead: true,
            }),
          ),
        );
        const item = res.Item;
        if (!item) continue;
        if (item.digest !== use.digest) return 'conflict';
        return item.status === 'settled' ? 'settled' : 'pending';
      }
      throw dependencyError('dynamodb', new Error('single-use item kept changing'));
    },
    async settle(use) {
      // Only over our own claim (same content), or its absence (expired meanwhile).
      await guard('dynamodb', () => put(use, 'settled', 'attribute_not_exists(pk) OR digest = :d'));
    },
  };
}
