/**
 * One page of the suppression list as CSV lines, for the page's download (the browser fetches
 * page after page and joins them): a Scan page of at most 1,000 records from a cursor, rows as
 * `rebound export` writes them. Only an explicit download scans; no view does.
 */
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { csvField, EXPORT_COLUMNS, exportRow, isActive } from '@rebound/core';
import { recordFromItem } from '../ddb/items.ts';
import { guard } from '../errors.ts';
import { addUnits, newTally, type UnitTally } from './read-units.ts';

/** Records scanned per page. */
export const EXPORT_PAGE = 1000;

/** One page: the CSV header, the lines, and the cursor of the next page (null: done). */
export interface ExportPage {
  header: string;
  lines: string;
  rows: number;
  scanned: number;
  next: string | null;
  cost: UnitTally;
}

/** The cursor for a Scan key (opaque to callers). */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The Scan key of a cursor, or null when it is not one of ours. */
export function decodeCursor(cursor: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && typeof v.email === 'string' && Object.keys(v).length === 1
      ? v
      : null;
  } catch {
    return null;
  }
}

/** Reads one page from `start` (every record with `all`, else the active suppressions). */
export async function exportPage(
  doc: DynamoDBDocumentClient,
  table: string,
  opts: { start: Record<string, unknown> | null; all: boolean; now: Date },
): Promise<ExportPage> {
  const cost = newTally();
  const res = await guard('dynamodb', () =>
    doc.send(
      new ScanCommand({
        TableName: table,
        Limit: EXPORT_PAGE,
        ReturnConsumedCapacity: 'TOTAL',
        ...(opts.start ? { ExclusiveStartKey: opts.start } : {}),
      }),
    ),
  );
  addUnits(cost, res.ConsumedCapacity);
  let lines = '';
  let rows = 0;
  for (const item of res.Items ?? []) {
    const r = recordFromItem(item);
    if (!r || (!opts.all && !isActive(r, opts.now))) continue;
    const row = exportRow(r);
    lines += `${EXPORT_COLUMNS.map((c) => csvField(row[c])).join(',')}\n`;
    rows++;
  }
  return {
    header: `${EXPORT_COLUMNS.join(',')}\n`,
    lines,
    rows,
    scanned: res.Items?.length ?? 0,
    next: res.LastEvaluatedKey ? encodeCursor(res.LastEvaluatedKey) : null,
    cost,
  };
}
