/** Lambda entry point: the reclassify job, invoked by hand (`{"apply": true}`). Wiring only. */
import { createReclassifyHandler } from '@rebound/aws';
import { loadReclassifyConfig } from './lib/config.ts';

/** The handler SST deploys as `functions/reclassify.handler`. */
export const handler = createReclassifyHandler(await loadReclassifyConfig());
