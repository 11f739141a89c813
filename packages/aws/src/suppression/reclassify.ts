/**
 * `rebound reclassify` on DynamoDB: a paginated, resumable scan of the Suppressions table that
 * runs today's rules over each record's stored evidence (core's `reclassify`) and, with `apply`,
 * writes each change conditionally on the version it read — a record a webhook changed meanwhile
 * is read again and judged again. Idempotent: a second run finds nothing to change.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Classifier,
  classify as defaultClassify,
  type ProcessConfig,
  type Reclassification,
  reclassify,
  resolveProcessConfig,
} from '@rebound/core';
import { backoff } from '../concurrency.ts';
import { recordFromItem } from '../ddb/items.ts';
import { dependencyError, guard } from '../errors.ts';

/** What a run needs. */
export interface ReclassifyDeps {
  doc: DynamoDBDocumentClient;
  table: string;
  now?: () => Date;
  config?: Partial<ProcessConfig>;
  /** Today's classifier (tests pass another table); its `rulesVersion` is recorded. */
  classify?: Classifier;
}

/** One run's options. */
export interface ReclassifyOptions {
  /** Write the changes (default: a dry run that only reports them). */
  apply?: boolean;
  /** Continue after this cursor (from a previous run's `cursor`). */
  cursor?: string | null;
  /** Stop after this many pages (the run can be resumed from `cursor`). */
  maxPages?: number;
  /** Items per scanned page (default 200). */
  pageSize?: number;
  /** Called once per change (dry run or applied) and after each page. */
  onChange?: (change: Reclassification) => void;
  onPage?: (progress: { scanned: number; changes: number }) => void;
}

/** A run's summary. */
export interface ReclassifySummary {
  rulesVersion: string;
  applied: boolean;
  scanned: number;
  changes: Record<Exclude<Reclassification['change'], 'none'>, number>;
  /** Records changed by someone else between the read and the write, judged again. */
  retried: number;
  /** Where to continue, or null when the scan reached the end. */
  cursor: string | null;
}

/** A cursor is the scan's last evaluated key, as base64url JSON (opaque to the user). */
function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;
}

/** Reads a cursor; throws a plain Error (the CLI says it is not a cursor of this command). */
export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (v && typeof v === 'object' && typeof v.email === 'string') return v;
  } catch {
    // fall through
  }
  throw new Error(`not a reclassify cursor: ${cursor.slice(0, 40)}`);
}

/**
 * Runs reclassify over the table (or the part after `cursor`).
 * @example await runReclassify({ doc, table }, { apply: false }) // → summary, nothing written
 */
export async function runReclassify(
  deps: ReclassifyDeps,
  opts: ReclassifyOptions = {},
): Promise<ReclassifySummary> {
  const now = deps.now ?? (() => new Date());
  const config = resolveProcessConfig(deps.config);
  const classify = deps.classify ?? defaultClassify;
  const version = classify.rulesVersion;
  const summary: ReclassifySummary = {
    rulesVersion: version,
    applied: opts.apply === true,
    scanned: 0,
    changes: { lift: 0, suppress: 0, probation: 0, clear: 0 },
    retried: 0,
    cursor: opts.cursor ?? null,
  };
  let start = opts.cursor ? decodeCursor(opts.cursor) : undefined;
  for (let page = 0; opts.maxPages === undefined || page < opts.maxPages; page++) {
    const res = await guard('dynamodb', () =>
      deps.doc.send(
        new ScanCommand({
          TableName: deps.table,
          Limit: opts.pageSize ?? 200,
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      ),
    );
    for (const item of res.Items ?? []) {
      const record = recordFromItem(item);
      if (!record) continue;
      summary.scanned++;
      let change = reclassify(record, classify, version, now(), config);
      if (change.change === 'none') continue;
      if (opts.apply) {
        const written = await writeChange(deps, change, () => now(), config, classify, version);
        summary.retried += written.retries;
        change = written.change;
        if (change.change === 'none') continue;
      }
      summary.changes[change.change]++;
      opts.onChange?.(change);
    }
    start = res.LastEvaluatedKey;
    summary.cursor = encodeCursor(start);
    opts.onPage?.({
      scanned: summary.scanned,
      changes: Object.values(summary.changes).reduce((a, b) => a + b, 0),
    });
    if (!start) break;
  }
  return summary;
}

/** Writes one change conditionally; on a conflict, reads the record again and judges it again. */
async function writeChange(
  deps: ReclassifyDeps,
  first: Reclassification,
  now: () => Date,
  config: ProcessConfig,
  classify: Classifier,
  version: string,
): Promise<{ change: Reclassification; retries: number }> {
  let change = first;
  for (let attempt = 0; attempt < 6; attempt++) {
    const next = change.next;
    if (!next) return { change, retries: attempt };
    try {
      await deps.doc.send(
        new PutCommand({
          TableName: deps.table,
          Item: { ...next, version: next.version + 1 },
          ConditionExpression: '#v = :v',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':v': next.version },
        }),
      );
      return { change, retries: attempt };
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') {
        throw dependencyError('dynamodb', err);
      }
    }
    // A webhook (or a human) changed the record since the scan: judge what is there now.
    await backoff(attempt, 20, 400);
    const res = await guard('dynamodb', () =>
      deps.doc.send(
        new GetCommand({
          TableName: deps.table,
          Key: { email: first.email },
          ConsistentRead: true,
        }),
      ),
    );
    const current = recordFromItem(res.Item);
    if (!current) return { change: { ...first, change: 'none', next: null }, retries: attempt + 1 };
    change = reclassify(current, classify, version, now(), config);
  }
  throw dependencyError(
    'dynamodb',
    new Error(`reclassify: ${first.email} kept changing under 6 attempts`),
  );
}
