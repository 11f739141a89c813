/** Lambda entry point: Suppression API (GET/DELETE /suppressions/{email}, POST /suppressions/check). Wiring only. */
import { createSuppressionApiHandler } from '@rebound/aws';
import { loadApiConfig } from './lib/config.ts';

/** The handler SST deploys as `functions/suppression-api.handler`. */
export const handler = createSuppressionApiHandler(await loadApiConfig());
