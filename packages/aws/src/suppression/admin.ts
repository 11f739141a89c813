/**
 * Bulk operations on the Suppressions table for the CLI: a paginated scan (export), conditional
 * creation (import: never overwrites, so importing twice changes nothing), and erasure (forget:
 * the record is replaced by a keyed hash that still blocks sending, evidence and history gone).
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type HashKey,
  hashedKey,
  isActive,
  plainKeyOf,
  type SuppressionRecord,
} from '@rebound/core';
import { recordFromItem, softKey } from '../ddb/items.ts';
import { dependencyError, guard } from '../errors.ts';

/** Every record, page by page (`onPage` after each). */
export async function* scanRecords(
  doc: DynamoDBDocumentClient,
  table: string,
  opts: { pageSize?: number; onPage?: (scanned: number) => void } = {},
): AsyncGenerator<SuppressionRecord> {
  let start: Record<string, unknown> | undefined;
  let scanned = 0;
  do {
    const res = await guard('dynamodb', () =>
      doc.send(
        new ScanCommand({
          TableName: table,
          Limit: opts.pageSize ?? 500,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      ),
    );
    for (const item of res.Items ?? []) {
      const r = recordFromItem(item);
      if (r) {
        scanned++;
        yield r;
      }
    }
    opts.onPage?.(scanned);
    start = res.LastEvaluatedKey;
  } while (start);
}

/** Writes a record only where none exists: `created`, or `exists` (left untouched). */
export async function createIfAbsent(
  doc: DynamoDBDocumentClient,
  table: string,
  record: SuppressionRecord,
): Promise<'created' | 'exists'> {
  try {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { ...record, version: 1 },
        ConditionExpression: 'attribute_not_exists(#k)',
        ExpressionAttributeNames: { '#k': 'email' },
      }),
    );
    return 'created';
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return 'exists';
    throw dependencyError('dynamodb', err);
  }
}

/** What forgetting one key did. */
export interface Forgotten {
  scope: string;
  /** `kept`: an active suppression now stored under its hash; `deleted`: nothing blocked, gone. */
  outcome: 'kept' | 'deleted';
  reason: SuppressionRecord['reason'];
  hashedKey?: string;
}

/** The erased stand-in of an active record: what blocks sending, nothing about the address. */
function erased(r: SuppressionRecord, key: string, nowIso: string): SuppressionRecord {
  const out: SuppressionRecord = {
    email: key,
    status: r.status,
    action: r.action,
    reason: r.reason,
    rule: r.rule,
    reply: null,
    vendor: r.vendor,
    firstSeen: r.firstSeen.slice(0, 10),
    lastSeen: r.lastSeen.slice(0, 10),
    count: r.count,
    evidence: [],
    createdByEcho: r.createdByEcho,
    forgotten: true,
    history: [{ at: nowIso, by: 'cli', change: 'forgotten', reason: r.reason }],
    version: 1,
    updatedAt: nowIso,
  };
  if (r.scope && r.scope !== 'global') out.scope = r.scope;
  if (r.expiresAt !== undefined) out.expiresAt = r.expiresAt;
  return out;
}

/**
 * Erases an address (normalized) in every given scope: an active suppression is kept under
 * `hmac:<HMAC(key, plain key)>` with no evidence or history, anything else is deleted; the
 * soft-bounce state goes too. The plain record is deleted only once its stand-in is written.
 */
export async function forgetAddress(
  deps: { doc: DynamoDBDocumentClient; table: string; stateTable?: string; hashKey: HashKey },
  address: string,
  scopes: readonly string[],
  now: Date,
): Promise<Forgotten[]> {
  const out: Forgotten[] = [];
  const nowIso = now.toISOString();
  for (const scope of ['global', ...scopes.filter((s) => s !== 'global')]) {
    const plain = plainKeyOf(address, scope);
    const res = await guard('dynamodb', () =>
      deps.doc.send(
        new GetCommand({ TableName: deps.table, Key: { email: plain }, ConsistentRead: true }),
      ),
    );
    const record = recordFromItem(res.Item);
    if (!record) continue;
    if (isActive(record, now)) {
      const key = hashedKey(deps.hashKey, plain);
      await guard('dynamodb', () =>
        deps.doc.send(new PutCommand({ TableName: deps.table, Item: erased(record, key, nowIso) })),
      );
      out.push({ scope, outcome: 'kept', reason: record.reason, hashedKey: key });
    } else {
      out.push({ scope, outcome: 'deleted', reason: record.reason });
    }
    await guard('dynamodb', () =>
      deps.doc.send(new DeleteCommand({ TableName: deps.table, Key: { email: plain } })),
    );
  }
  if (deps.stateTable) {
    await guard('dynamodb', () =>
      deps.doc.send(
        new DeleteCommand({ TableName: deps.stateTable, Key: { pk: softKey(address) } }),
      ),
    );
  }
  return out;
}
