/**
 * The scheduled sync function: runs each configured vendor's sync in turn, stops each at a
 * page boundary before the Lambda timeout (the next run resumes), logs the one-line summary
 * and counts per vendor, and fails the invocation when any vendor failed (the error alarm).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { KeyScheme, ProcessConfig } from '@rebound/core';
import type { Context } from 'aws-lambda';
import type { TableNames } from '../ddb/items.ts';
import { basics } from '../handlers/pipeline.ts';
import { createAdapter, type SyncSettings } from './adapters.ts';
import { runSync, type SyncResult } from './run-sync.ts';
import { summaryLine } from './sync-summary.ts';
import type { SyncVendor } from './sync-types.ts';

/** What the function needs. */
export interface SyncHandlerDeps {
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  /** The vendors to sync (`REBOUND_SYNC`), in order. */
  vendors: readonly SyncVendor[];
  settings: SyncSettings;
  /** The deployment's streams (`REBOUND_STREAM*`), as the webhooks get them. */
  processConfig?: Partial<ProcessConfig>;
  /** The deployment's key scheme (erasure, hash-only), as the webhooks get it. */
  keys?: KeyScheme;
  now?: () => Date;
  logger?: Logger;
  metrics?: Metrics;
  /**
   * Stop this long before the Lambda timeout (default 60 s: a page and a cursor save), at most a
   * quarter of the time the invocation has.
   */
  marginMs?: number;
  /** Milliseconds clock for the deadline (default `Date.now`). */
  clock?: () => number;
}

/** The invocation's answer. */
export interface SyncHandlerResult {
  results: SyncResult[];
  failed: { vendor: SyncVendor; error: string }[];
}

/** `functions/sync.handler`. */
export function createSyncHandler(deps: SyncHandlerDeps) {
  const { now, logger, metrics } = basics(deps);
  const margin = deps.marginMs ?? 60_000;
  const clock = deps.clock ?? Date.now;
  return middy<unknown, SyncHandlerResult>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .handler(async (_event: unknown, context: Context) => {
      const left = context?.getRemainingTimeInMillis?.() ?? 900_000;
      const deadline = clock() + left - Math.min(margin, left / 4);
      const out: SyncHandlerResult = { results: [], failed: [] };
      for (const vendor of deps.vendors) {
        const single = metrics.singleMetric();
        single.addDimensions({ vendor });
        try {
          const result = await runSync({
            adapter: createAdapter(vendor, deps.settings),
            doc: deps.doc,
            tables: deps.tables,
            now,
            ...(deps.processConfig ? { processConfig: deps.processConfig } : {}),
            ...(deps.keys ? { keys: deps.keys } : {}),
            shouldStop: () => clock() > deadline,
          });
          out.results.push(result);
          logger.info(summaryLine(result), { vendor, status: result.status, ...result.counts });
          const c = result.counts;
          single.addMetric('SyncPulled', MetricUnit.Count, c.pulled);
          single.addMetric('SyncCreated', MetricUnit.Count, c.created);
          single.addMetric('SyncPushed', MetricUnit.Count, c.pushed);
          single.addMetric('SyncLifted', MetricUnit.Count, c.lifted);
        } catch (err) {
          const error = (err as Error).message;
          out.failed.push({ vendor, error });
          logger.error('sync failed', { vendor, error, name: (err as Error).name });
          single.addMetric('SyncFailures', MetricUnit.Count, 1);
        }
      }
      if (out.failed.length) {
        throw new Error(
          `sync failed for ${out.failed.map((f) => `${f.vendor} (${f.error})`).join('; ')}`,
        );
      }
      return out;
    });
}
