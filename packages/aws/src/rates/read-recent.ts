/**
 * The most recent bounces: a Query of the State table's `recent` index (batch markers that
 * carry bounces, by the day they were counted, newest first) for today, then yesterday; each
 * marker holds its batch's newest bounces. Reads a few items, whatever the table's size.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RecentEntry } from '@rebound/core';
import { guard } from '../errors.ts';
import { RECENT_INDEX, RECENT_INDEX_KEYS } from './keys.ts';
import { addUnits, newTally, type UnitTally } from './read-units.ts';

/** Most entries one read returns. */
export const MAX_RECENT = 200;

/** The newest bounces (at most `limit`), newest first, and what reading them cost. */
export async function readRecent(
  doc: DynamoDBDocumentClient,
  table: string,
  opts: { limit: number; now: Date },
): Promise<{ entries: RecentEntry[]; cost: UnitTally }> {
  const limit = Math.max(1, Math.min(MAX_RECENT, Math.floor(opts.limit)));
  const cost = newTally();
  const entries: RecentEntry[] = [];
  // The markers live 2 days: today's partition, then yesterday's.
  for (const back of [0, 1]) {
    const day = new Date(opts.now.getTime() - back * 86_400_000).toISOString().slice(0, 10);
    let start: Record<string, unknown> | undefined;
    do {
      const res = await guard('dynamodb', () =>
        doc.send(
          new QueryCommand({
            TableName: table,
            IndexName: RECENT_INDEX,
            KeyConditionExpression: '#d = :d',
            ExpressionAttributeNames: { '#d': RECENT_INDEX_KEYS.hash },
            ExpressionAttributeValues: { ':d': day },
            ScanIndexForward: false,
            // A marker holds up to 10 entries: enough markers for the rest of the list.
            Limit: Math.max(1, Math.ceil((limit - entries.length) / 5)),
            ReturnConsumedCapacity: 'TOTAL',
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      addUnits(cost, res.ConsumedCapacity);
      for (const item of res.Items ?? []) {
        if (Array.isArray(item.recent)) entries.push(...(item.recent as RecentEntry[]));
      }
      start = res.LastEvaluatedKey;
    } while (start && entries.length < limit);
    if (entries.length >= limit) break;
  }
  entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { entries: entries.slice(0, limit), cost };
}
