/**
 * BatchGetItem over any number of keys in one or more tables: ≤100 keys per call, calls run
 * a few at a time, unprocessed keys retried with backoff.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyError } from '@rebound/core';
import { backoff, mapLimit } from '../concurrency.ts';
import { guard } from '../errors.ts';

/** One key to read: table, key attribute name and its string value. */
export interface KeyRef {
  table: string;
  attr: string;
  value: string;
}

/** Map key for a read result. */
export function refId(table: string, value: string): string {
  return `${table}\u0000${value}`;
}

const MAX_KEYS = 100;
const MAX_ROUNDS = 8;

async function getChunk(
  doc: DynamoDBDocumentClient,
  keys: KeyRef[],
  out: Map<string, Record<string, unknown>>,
): Promise<void> {
  let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> = {};
  for (const k of keys) {
    request[k.table] ??= { Keys: [], ConsistentRead: true };
    request[k.table]!.Keys.push({ [k.attr]: k.value });
  }
  const attrOf = new Map(keys.map((k) => [k.table, k.attr]));
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const res = await guard('dynamodb', () =>
      doc.send(new BatchGetCommand({ RequestItems: request })),
    );
    for (const [table, items] of Object.entries(res.Responses ?? {})) {
      const attr = attrOf.get(table) as string;
      for (const item of items) out.set(refId(table, String(item[attr])), item);
    }
    const left = res.UnprocessedKeys ?? {};
    if (!Object.keys(left).length) return;
    request = left as typeof request;
    await backoff(round);
  }
  throw new DependencyError('dynamodb', 'dynamodb: BatchGetItem left keys unprocessed');
}

/**
 * Reads every key (deduplicated) with strongly consistent BatchGetItem calls.
 * Returns the items found, by `refId(table, value)`.
 */
export async function batchGet(
  doc: DynamoDBDocumentClient,
  keys: readonly KeyRef[],
  concurrency = 4,
): Promise<Map<string, Record<string, unknown>>> {
  const unique = [...new Map(keys.map((k) => [refId(k.table, k.value), k])).values()];
  const chunks: KeyRef[][] = [];
  for (let i = 0; i < unique.length; i += MAX_KEYS) chunks.push(unique.slice(i, i + MAX_KEYS));
  const out = new Map<string, Record<string, unknown>>();
  await mapLimit(chunks, concurrency, (chunk) => getChunk(doc, chunk, out));
  return out;
}
