/**
 * The reclassify job as a Lambda (invoke it by hand: `{"apply": true}`): pages through the
 * Suppressions table while time remains, then returns its summary and the cursor to continue.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { maskEmail } from '../observability.ts';
import { runReclassify } from '../suppression/reclassify.ts';
import { basics, pipeline } from './pipeline.ts';

/** What the job needs. */
export interface ReclassifyHandlerDeps {
  doc: DynamoDBDocumentClient;
  suppressionsTable: string;
  now?: () => Date;
  logger?: Logger;
  metrics?: Metrics;
}

/** The invocation payload. */
export interface ReclassifyJob {
  apply?: boolean;
  cursor?: string | null;
  /** Stop after this many pages even with time left. */
  maxPages?: number;
}

/** Time kept in reserve for the last page and the answer (ms). */
const RESERVE_MS = 60_000;

/** `functions/reclassify.handler`. */
export function createReclassifyHandler(deps: ReclassifyHandlerDeps) {
  const { now, logger, metrics } = basics(deps);
  return pipeline<ReclassifyJob, unknown>(
    async (event, context?: { getRemainingTimeInMillis?: () => number }) => {
      const job = event && typeof event === 'object' ? event : {};
      if (job.apply !== undefined && typeof job.apply !== 'boolean') {
        return { error: 'apply must be true or false' };
      }
      const remaining = () => context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
      const totals = { scanned: 0, lift: 0, suppress: 0, probation: 0, clear: 0, retried: 0 };
      let cursor = job.cursor ?? null;
      let rulesVersion = '';
      for (let page = 0; job.maxPages === undefined || page < job.maxPages; page++) {
        const s = await runReclassify(
          { doc: deps.doc, table: deps.suppressionsTable, now },
          {
            apply: job.apply === true,
            cursor,
            maxPages: 1,
            onChange: (c) =>
              logger.info('reclassify change', {
                email: maskEmail(c.email),
                change: c.change,
                before: c.before,
                after: c.after,
                why: c.why,
              }),
          },
        );
        rulesVersion = s.rulesVersion;
        totals.scanned += s.scanned;
        totals.retried += s.retried;
        for (const k of ['lift', 'suppress', 'probation', 'clear'] as const)
          totals[k] += s.changes[k];
        cursor = s.cursor;
        if (!cursor || remaining() < RESERVE_MS) break;
      }
      const summary = { applied: job.apply === true, rulesVersion, ...totals, cursor };
      logger.info('reclassify done', summary);
      return summary;
    },
    logger,
    metrics,
  );
}
