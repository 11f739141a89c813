/**
 * The vendor webhooks as one data table: one row per vendor with its function, route,
 * secrets and sizing. `infra/functions.ts` deploys the rows of the stage's vendors; replace
 * this table (e.g. from a vendor registry) without touching the wiring.
 */
import { FUNCTION_SIZES, type FunctionSize } from './tuning.ts';

/** Every vendor Rebound receives, in `REBOUND_VENDORS` order of documentation. */
export const VENDOR_IDS = ['ses', 'sendgrid', 'postmark'] as const;

/** A vendor id, as in `REBOUND_VENDORS` and `/webhooks/<id>`. */
export type VendorId = (typeof VENDOR_IDS)[number];

/** The secrets a function can link (`npx sst secret set <Name> <value> --stage <stage>`). */
export type SecretName =
  | 'SendgridPublicKeys'
  | 'PostmarkCredentials'
  | 'SnsTopicAllowlist'
  | 'SnsCredentials'
  | 'SuppressionApiKey';

/** One vendor's public webhook receiver (a Function URL). */
export interface VendorWebhook {
  id: VendorId;
  /** SST component name: the function, its alarm (`<name>ErrorsAlarm`) and its URL output. */
  name: string;
  /** `{path}/{file}.{export}` from the app root, as SST resolves it. */
  handler: string;
  /** The path the vendor posts to (appended to the Function URL; the local stack's route). */
  route: `/webhooks/${string}`;
  /** Exactly the secrets the handler reads; declared only when a deployed function links them. */
  secrets: readonly SecretName[];
  size: FunctionSize;
  /** The deploy output that prints the URL to paste into the vendor's console. */
  output: `${string}WebhookUrl`;
  /**
   * `vendor`: deploys whenever the vendor is on. `ses-https`: only when SES is delivered over
   * an HTTPS subscription (`REBOUND_SES_HTTPS_SUBSCRIPTION=true`); by default SNS invokes the
   * direct subscriber instead, with no public URL.
   */
  deploy: 'vendor' | 'ses-https';
}

/** The table. */
export const VENDOR_WEBHOOKS: readonly VendorWebhook[] = [
  {
    id: 'sendgrid',
    name: 'SendgridWebhook',
    handler: 'functions/sendgrid-webhook.handler',
    route: '/webhooks/sendgrid',
    secrets: ['SendgridPublicKeys'],
    size: FUNCTION_SIZES.sendgrid,
    output: 'SendgridWebhookUrl',
    deploy: 'vendor',
  },
  {
    id: 'postmark',
    name: 'PostmarkWebhook',
    handler: 'functions/postmark-webhook.handler',
    route: '/webhooks/postmark',
    secrets: ['PostmarkCredentials'],
    size: FUNCTION_SIZES.postmark,
    output: 'PostmarkWebhookUrl',
    deploy: 'vendor',
  },
  {
    id: 'ses',
    name: 'SesWebhook',
    handler: 'functions/ses-webhook.handler',
    route: '/webhooks/ses',
    secrets: ['SnsTopicAllowlist', 'SnsCredentials'],
    size: FUNCTION_SIZES.ses,
    output: 'SesWebhookUrl',
    deploy: 'ses-https',
  },
];
