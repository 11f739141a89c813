/**
 * Reads Suppressions items by key: one GetItem for a single key, else BatchGetItem in chunks of
 * 100 (a few in flight), `UnprocessedKeys` retried with exponential backoff and full jitter.
 */
import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  GetItemCommand,
  type GetItemCommandOutput,
  type KeysAndAttributes,
} from '@aws-sdk/client-dynamodb';
import { describeFailure, SuppressionCheckError } from './errors.ts';
import { itemFrom, PROJECTION, type SuppressionItem } from './items.ts';

/** What the checker needs of a DynamoDB client: a `DynamoDBClient`, or a wrapper around one. */
export interface DynamoDBSender {
  send(command: GetItemCommand): Promise<GetItemCommandOutput>;
  send(command: BatchGetItemCommand): Promise<BatchGetItemCommandOutput>;
}

/** Backoff for unprocessed keys: attempt n waits a random time in [0, min(capMs, baseMs·2ⁿ)). */
export interface RetryOptions {
  /** BatchGetItem calls per chunk before giving up (default 8). */
  attempts?: number;
  baseMs?: number;
  capMs?: number;
}

/** Where and how to read. */
export interface ReadContext {
  client: DynamoDBSender;
  tableName: string;
  /** Where the table is, for error messages (`region us-east-1`, an endpoint URL). */
  where: string;
  consistentRead: boolean;
  retry: Required<RetryOptions>;
  concurrency: number;
}

/** Most keys one BatchGetItem may carry. */
export const MAX_BATCH_KEYS = 100;

function failure(ctx: ReadContext, err: unknown): SuppressionCheckError {
  if (err instanceof SuppressionCheckError) return err;
  const { code, hint } = describeFailure(err);
  const e = err as Error;
  return new SuppressionCheckError(
    code,
    ctx.tableName,
    `cannot check suppressions in DynamoDB table "${ctx.tableName}"${ctx.where}: ${hint} (${e?.name ?? 'Error'}: ${e?.message ?? String(err)})`,
    { cause: err },
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readChunk(
  ctx: ReadContext,
  keys: string[],
  out: Map<string, SuppressionItem>,
): Promise<void> {
  let request: KeysAndAttributes | undefined = {
    Keys: keys.map((k) => ({ email: { S: k } })),
    ConsistentRead: ctx.consistentRead,
    ...PROJECTION,
  };
  for (let attempt = 0; attempt < ctx.retry.attempts; attempt++) {
    if (attempt > 0) {
      await sleep(Math.random() * Math.min(ctx.retry.capMs, ctx.retry.baseMs * 2 ** attempt));
    }
    let res: BatchGetItemCommandOutput;
    try {
      res = await ctx.client.send(
        new BatchGetItemCommand({ RequestItems: { [ctx.tableName]: request } }),
      );
    } catch (err) {
      throw failure(ctx, err);
    }
    for (const raw of res.Responses?.[ctx.tableName] ?? []) {
      const item = itemFrom(raw);
      if (item) out.set(item.key, item);
    }
    request = res.UnprocessedKeys?.[ctx.tableName];
    if (!request?.Keys?.length) return;
  }
  throw new SuppressionCheckError(
    'unprocessed-keys',
    ctx.tableName,
    `cannot check suppressions in DynamoDB table "${ctx.tableName}"${ctx.where}: ${request?.Keys?.length} keys still unprocessed after ${ctx.retry.attempts} BatchGetItem calls (throttled)`,
  );
}

/** Reads every key (callers pass them deduplicated); returns the items found, by key. */
export async function readKeys(
  ctx: ReadContext,
  keys: readonly string[],
): Promise<Map<string, SuppressionItem>> {
  const out = new Map<string, SuppressionItem>();
  if (keys.length === 1) {
    try {
      const res = await ctx.client.send(
        new GetItemCommand({
          TableName: ctx.tableName,
          Key: { email: { S: keys[0] as string } },
          ConsistentRead: ctx.consistentRead,
          ...PROJECTION,
        }),
      );
      const item = itemFrom(res.Item);
      if (item) out.set(item.key, item);
    } catch (err) {
      throw failure(ctx, err);
    }
    return out;
  }
  const chunks: string[][] = [];
  for (let i = 0; i < keys.length; i += MAX_BATCH_KEYS) {
    chunks.push(keys.slice(i, i + MAX_BATCH_KEYS));
  }
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) await readChunk(ctx, chunks[next++] as string[], out);
  };
  await Promise.all(Array.from({ length: Math.min(ctx.concurrency, chunks.length) }, worker));
  return out;
}
