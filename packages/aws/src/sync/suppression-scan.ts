/**
 * Reads the Suppressions table a page at a time for the reconcile phase (Scan, filtered on
 * `status` server-side), resumable from DynamoDB's LastEvaluatedKey. The table has no index on
 * status or lift time, so this is a full scan: its read cost grows with the table.
 */
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SuppressionRecord } from '@rebound/core';
import { guard } from '../errors.ts';

/** One page. */
export interface ScanPage {
  records: SuppressionRecord[];
  /** Where the next page starts; null at the end of the table. */
  next: Record<string, unknown> | null;
  /** Items DynamoDB read for this page (before the filter). */
  scanned: number;
}

/**
 * Scans one page of records whose `status` is one of `statuses`, starting at `startKey`.
 * `limit` bounds the items read per page (and so the work between two cursor saves).
 */
export async function scanPage(
  doc: DynamoDBDocumentClient,
  table: string,
  startKey: Record<string, unknown> | null,
  statuses: readonly string[],
  limit = 1000,
): Promise<ScanPage> {
  const values = Object.fromEntries(statuses.map((s, i) => [`:s${i}`, s]));
  const res = await guard('dynamodb', () =>
    doc.send(
      new ScanCommand({
        TableName: table,
        Limit: limit,
        FilterExpression: `#status IN (${Object.keys(values).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    ),
  );
  return {
    records: (res.Items ?? []) as SuppressionRecord[],
    next: (res.LastEvaluatedKey as Record<string, unknown> | undefined) ?? null,
    scanned: res.ScannedCount ?? 0,
  };
}
