/**
 * Settings `rebound connect` writes after the deploy and the webhooks read at run time (no
 * redeploy): the State table item `settings#<vendor>` — SendGrid's verification keys (public),
 * Postmark's basic-auth credentials as salted hashes (never the password). The functions read it
 * at cold start and again after a short cache, merged with what the deploy linked.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { backoff } from '../concurrency.ts';
import { dependencyError, guard } from '../errors.ts';

/** The item's key. */
export const settingsKey = (vendor: string): string => `settings#${vendor}`;

/** One vendor's runtime settings. */
export interface RuntimeSettings {
  values: Record<string, unknown>;
  updatedAt: string;
  version: number;
}

/** Reads a vendor's runtime settings (null when `connect` never wrote them). */
export async function readRuntimeSettings(
  doc: DynamoDBDocumentClient,
  stateTable: string,
  vendor: string,
): Promise<RuntimeSettings | null> {
  const res = await guard('dynamodb', () =>
    doc.send(
      new GetCommand({
        TableName: stateTable,
        Key: { pk: settingsKey(vendor) },
        ConsistentRead: true,
      }),
    ),
  );
  const item = res.Item;
  if (!item) return null;
  return {
    values: (item.values ?? {}) as Record<string, unknown>,
    updatedAt: String(item.updatedAt ?? ''),
    version: Number(item.version ?? 0),
  };
}

/** Updates a vendor's settings with `change(current values)`, conditional on the version read. */
export async function updateRuntimeSettings(
  doc: DynamoDBDocumentClient,
  stateTable: string,
  vendor: string,
  change: (current: Record<string, unknown>) => Record<string, unknown>,
  now: () => Date = () => new Date(),
): Promise<RuntimeSettings> {
  for (let attempt = 0; attempt < 6; attempt++) {
    const current = await readRuntimeSettings(doc, stateTable, vendor);
    const next: RuntimeSettings = {
      values: change(current?.values ?? {}),
      updatedAt: now().toISOString(),
      version: (current?.version ?? 0) + 1,
    };
    try {
      await doc.send(
        new PutCommand({
          TableName: stateTable,
          Item: { pk: settingsKey(vendor), ...next },
          ...(current
            ? {
                ConditionExpression: '#v = :v',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':v': current.version },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      );
      return next;
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException')
        throw dependencyError('dynamodb', err);
      await backoff(attempt, 20, 400);
    }
  }
  throw dependencyError('dynamodb', new Error(`settings#${vendor} kept changing under 6 attempts`));
}

/**
 * A cached reader: the first call reads, later calls reuse the value for `ttlMs` (a failed read
 * keeps the last good value and is retried on the next call).
 */
export function cachedRuntimeSettings(
  read: () => Promise<RuntimeSettings | null>,
  ttlMs = 60_000,
  now: () => number = Date.now,
): () => Promise<Record<string, unknown>> {
  let value: Record<string, unknown> = {};
  let until = 0;
  return async () => {
    if (now() < until) return value;
    try {
      value = (await read())?.values ?? {};
      until = now() + ttlMs;
    } catch (err) {
      if (until === 0) throw err;
    }
    return value;
  };
}
