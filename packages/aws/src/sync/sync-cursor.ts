/**
 * The sync cursor, one item per vendor in the State table (`pk = sync#<vendor>`, no TTL):
 * the run in progress (its window, phase, page position, scan key, counts and lease) and the
 * last completed run. Every write is conditional on the version read, so two runs of one
 * vendor never both hold it; a run that died leaves its position for the next to resume.
 *
 *   sync#<vendor>  { vendor, version, updatedAt,
 *                    run: { id, startedAt, since, phase 'pull'|'reconcile', position, scanKey,
 *                           counts, leaseUntil (epoch ms) } | null,
 *                    last: { startedAt, finishedAt, since, counts } | null }
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { guard } from '../errors.ts';
import type { PullPosition, SyncCounts, SyncVendor } from './sync-types.ts';

/** The State-table key of a vendor's cursor. */
export const syncKey = (vendor: SyncVendor): string => `sync#${vendor}`;

/** A run in progress. */
export interface SyncRun {
  id: string;
  /** When the run began (ISO): the upper end of its lift window, its vendor-side `until`. */
  startedAt: string;
  /** The lower end of its window (ISO), null for everything. */
  since: string | null;
  phase: 'pull' | 'reconcile';
  /** The next page to pull (null: from the start). */
  position: PullPosition | null;
  /** The Suppressions scan's next page (DynamoDB's LastEvaluatedKey; null: from the start). */
  scanKey: Record<string, unknown> | null;
  counts: SyncCounts;
  /** Epoch ms until which the run holds the cursor; another run may take over after it. */
  leaseUntil: number;
}

/** A completed run. */
export interface SyncDone {
  startedAt: string;
  finishedAt: string;
  since: string | null;
  counts: SyncCounts;
}

/** The cursor item. */
export interface SyncCursor {
  vendor: SyncVendor;
  run: SyncRun | null;
  last: SyncDone | null;
  /** 0 when the item does not exist yet. */
  version: number;
  updatedAt: string;
}

/** Reads and writes one vendor's cursor. */
export interface CursorStore {
  read(): Promise<SyncCursor>;
  /**
   * Writes `next` if the stored version is still `next.version`; returns the stored cursor
   * (version + 1), or null when another writer got there first.
   */
  write(next: SyncCursor, nowIso: string): Promise<SyncCursor | null>;
}

/** Creates the store over the State table. */
export function createCursorStore(deps: {
  doc: DynamoDBDocumentClient;
  table: string;
  vendor: SyncVendor;
}): CursorStore {
  const pk = syncKey(deps.vendor);
  return {
    async read() {
      const res = await guard('dynamodb', () =>
        deps.doc.send(new GetCommand({ TableName: deps.table, Key: { pk }, ConsistentRead: true })),
      );
      const item = res.Item as (SyncCursor & { pk: string }) | undefined;
      if (!item) {
        return { vendor: deps.vendor, run: null, last: null, version: 0, updatedAt: '' };
      }
      return {
        vendor: deps.vendor,
        run: item.run ?? null,
        last: item.last ?? null,
        version: Number(item.version ?? 0),
        updatedAt: String(item.updatedAt ?? ''),
      };
    },
    async write(next, nowIso) {
      const stored: SyncCursor = { ...next, version: next.version + 1, updatedAt: nowIso };
      try {
        await deps.doc.send(
          new PutCommand({
            TableName: deps.table,
            Item: { pk, ...stored },
            ...(next.version === 0
              ? {
                  ConditionExpression: 'attribute_not_exists(#pk)',
                  ExpressionAttributeNames: { '#pk': 'pk' },
                }
              : {
                  ConditionExpression: '#v = :v',
                  ExpressionAttributeNames: { '#v': 'version' },
                  ExpressionAttributeValues: { ':v': next.version },
                }),
          }),
        );
        return stored;
      } catch (err) {
        if ((err as Error).name === 'ConditionalCheckFailedException') return null;
        return guard('dynamodb', () => Promise.reject(err));
      }
    },
  };
}
