/**
 * Lambda entry point of a vendor's direct subscription (SES: SNS → Lambda, IAM-authorized, no
 * HTTP): `REBOUND_VENDOR` names the vendor. Wiring only.
 */
import { createDirectHandler } from '@rebound/aws';
import { loadVendorConfig } from './lib/config.ts';

/** The handler SST deploys as `functions/subscriber.handler`. */
export const handler = createDirectHandler(await loadVendorConfig(undefined, 'direct'));
