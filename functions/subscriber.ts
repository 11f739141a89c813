/**
 * Lambda entry point of a vendor's direct source (IAM-authorized, no HTTP): SES's SNS → Lambda
 * subscription (`REBOUND_VENDOR=ses`), and SES receiving's inbound mail receiver
 * (`REBOUND_VENDOR=mail`, which reads the stored mail from its bucket). Wiring only.
 */
import { createDirectHandler } from '@rebound/aws';
import { loadVendorConfig } from './lib/config.ts';

/** The handler SST deploys as `functions/subscriber.handler`. */
export const handler = createDirectHandler(await loadVendorConfig(undefined, 'direct'));
