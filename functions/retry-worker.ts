/** Lambda entry point: RetryQueue consumer (partial batch responses). Wiring only. */
import { createRetryWorkerHandler } from '@rebound/aws';
import { loadWorkerConfig } from './lib/config.ts';

/** The handler SST deploys as `functions/retry-worker.handler`. */
export const handler = createRetryWorkerHandler(await loadWorkerConfig());
