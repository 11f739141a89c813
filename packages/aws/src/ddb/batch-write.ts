/**
 * BatchWriteItem (unconditional puts) in chunks of 25, unprocessed items retried with backoff.
 * Used for marker finalization and lease release, where last-writer-wins is safe.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyError } from '@rebound/core';
import { backoff, mapLimit } from '../concurrency.ts';
import { guard } from '../errors.ts';

type WriteRequests = Record<string, { PutRequest: { Item: Record<string, unknown> } }[]>;

async function writeChunk(
  doc: DynamoDBDocumentClient,
  table: string,
  items: Record<string, unknown>[],
) {
  let request: WriteRequests = { [table]: items.map((Item) => ({ PutRequest: { Item } })) };
  for (let round = 0; round < 8; round++) {
    const res = await guard('dynamodb', () =>
      doc.send(new BatchWriteCommand({ RequestItems: request })),
    );
    const left = res.UnprocessedItems ?? {};
    if (!Object.keys(left).length) return;
    request = left as WriteRequests;
    await backoff(round);
  }
  throw new DependencyError('dynamodb', 'dynamodb: BatchWriteItem left items unprocessed');
}

/** Puts every item into `table`, 25 per call, a few calls at a time. */
export async function batchPut(
  doc: DynamoDBDocumentClient,
  table: string,
  items: readonly Record<string, unknown>[],
  concurrency = 4,
): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  await mapLimit(chunks, concurrency, (chunk) => writeChunk(doc, table, chunk));
}
