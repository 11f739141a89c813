/** RetryQueue consumer handler: partial batch responses (`batchItemFailures`). */

import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type RetryWorkerDeps, runRetryWorker } from '../retry/worker.ts';
import { basics, pipeline } from './pipeline.ts';

/** Worker deps (clock optional). */
export type RetryWorkerHandlerDeps = Omit<RetryWorkerDeps, 'now'> & {
  now?: () => Date;
  logger?: Logger;
  metrics?: Metrics;
};

/** `functions/retry-worker.handler`. */
export function createRetryWorkerHandler(deps: RetryWorkerHandlerDeps) {
  const { now, logger, metrics } = basics(deps);
  return pipeline<SQSEvent, SQSBatchResponse>(
    async (event) => {
      const records = (event.Records ?? []).map((r) => ({ messageId: r.messageId, body: r.body }));
      const { failures, report } = await runRetryWorker({ ...deps, now, logger, metrics }, records);
      logger.info('retry batch', { ...report, records: records.length });
      return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
    },
    logger,
    metrics,
  );
}
