/** Lambda entry point: SES notifications from a direct SNS→Lambda subscription. Wiring only. */
import { createSesSnsHandler } from '@rebound/aws';
import { loadConfig } from './lib/config.ts';

/** The handler SST deploys as `functions/ses-sns.handler`. */
export const handler = createSesSnsHandler(await loadConfig());
