/**
 * Eventually consistent reads for the page and `rebound rates` that add up the read units
 * DynamoDB reports: BatchGetItem over any number of keys (≤100 per call, unprocessed keys
 * retried) and a capacity tally.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyError } from '@rebound/core';
import { backoff, mapLimit } from '../concurrency.ts';
import { guard } from '../errors.ts';

/** Read units spent so far (as DynamoDB reported them; DynamoDB Local reports them too). */
export interface UnitTally {
  readUnits: number;
  requests: number;
}

/** A fresh tally. */
export const newTally = (): UnitTally => ({ readUnits: 0, requests: 0 });

/** Adds a response's ConsumedCapacity to the tally. */
export function addUnits(
  tally: UnitTally,
  consumed: { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined,
): void {
  tally.requests++;
  for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
    tally.readUnits += c.CapacityUnits ?? 0;
  }
}

/** Reads `keys` (values of key attribute `attr`) from one table; items by key value. */
export async function readMany(
  doc: DynamoDBDocumentClient,
  table: string,
  attr: string,
  keys: readonly string[],
  tally: UnitTally,
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  const unique = [...new Set(keys)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += 100) chunks.push(unique.slice(i, i + 100));
  await mapLimit(chunks, 4, async (chunk) => {
    let request: Record<string, { Keys: Record<string, unknown>[] }> = {
      [table]: { Keys: chunk.map((k) => ({ [attr]: k })) },
    };
    for (let round = 0; round < 8; round++) {
      const res = await guard('dynamodb', () =>
        doc.send(new BatchGetCommand({ RequestItems: request, ReturnConsumedCapacity: 'TOTAL' })),
      );
      addUnits(tally, res.ConsumedCapacity);
      for (const item of res.Responses?.[table] ?? []) out.set(String(item[attr]), item);
      const left = res.UnprocessedKeys ?? {};
      if (!Object.keys(left).length) return;
      request = left as typeof request;
      await backoff(round);
    }
    throw new DependencyError('dynamodb', 'dynamodb: BatchGetItem left keys unprocessed');
  });
  return out;
}
