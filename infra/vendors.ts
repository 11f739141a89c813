/**
 * The vendor webhooks as one data table, built from the vendor registry
 * (`packages/core/src/vendors/registry.ts`): one row per registered vendor with its function,
 * route, secrets, settings and sizing. `infra/functions.ts` deploys the rows of the stage's
 * vendors; a vendor added to the registry appears here with no change to this file.
 */
import { VENDORS } from '../packages/core/src/vendors/registry.ts';
import type { FunctionSize } from './tuning.ts';
import { sizeOf } from './tuning.ts';

/** Every vendor Rebound receives, in `REBOUND_VENDORS` order of documentation. */
export const VENDOR_IDS = VENDORS.map((v) => v.id);

/** The vendors an unset `REBOUND_VENDORS` deploys: all but the opt-in sources. */
export const DEFAULT_VENDOR_IDS = VENDORS.filter((v) => !('optIn' in v && v.optIn)).map(
  (v) => v.id,
);

/** A vendor id, as in `REBOUND_VENDORS` and `/webhooks/<id>`. */
export type VendorId = (typeof VENDORS)[number]['id'];

/** The secrets a function can link (`npx sst secret set <Name> <value> --stage <stage>`). */
export type SecretName = string;

/** One vendor's public webhook receiver (a Function URL). */
export interface VendorWebhook {
  id: VendorId;
  /** SST component name: the function, its alarm (`<name>ErrorsAlarm`) and its URL output. */
  name: string;
  /** `{path}/{file}.{export}` from the app root: one generic entry, `REBOUND_VENDOR` picks. */
  handler: 'functions/webhook.handler';
  /** The path the vendor posts to (appended to the Function URL; the local stack's route). */
  route: `/webhooks/${string}`;
  /** Exactly the secrets the handler reads; declared only when a deployed function links them. */
  secrets: readonly SecretName[];
  /** Deploy-time settings (`REBOUND_*`) passed to the function when set where `sst deploy` runs. */
  settings: readonly string[];
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

/** The table, one row per registered vendor. */
export const VENDOR_WEBHOOKS: readonly VendorWebhook[] = VENDORS.map((v) => ({
  id: v.id,
  name: `${v.component}Webhook`,
  handler: 'functions/webhook.handler',
  route: v.route,
  secrets: v.settings.filter((s) => s.kind === 'secret').map((s) => s.name),
  settings: v.settings.filter((s) => s.kind === 'setting').map((s) => s.env),
  size: sizeOf(v.tuning),
  output: `${v.component}WebhookUrl`,
  deploy: v.webhook === 'always' ? 'vendor' : 'ses-https',
}));

/** A vendor's direct subscription (SES: SNS → Lambda), when it has one. */
export function directOf(id: VendorId): { size: FunctionSize } | undefined {
  const v = VENDORS.find((x) => x.id === id);
  return v && 'direct' in v && v.direct ? { size: sizeOf(v.direct.tuning) } : undefined;
}

/** Where a direct source reads objects (the inbound mail receiver), when it reads any. */
export function directObjectsOf(id: VendorId): { prefix: string; bucketEnv: string } | undefined {
  const v = VENDORS.find((x) => x.id === id);
  const objects =
    v && 'direct' in v && v.direct && 'objects' in v.direct ? v.direct.objects : undefined;
  return objects ? { prefix: objects.prefix, bucketEnv: objects.bucket.env } : undefined;
}
