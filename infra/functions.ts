/**
 * The Lambda functions: the public webhook receivers of the stage's vendors (Function URLs,
 * one per row of `VENDOR_WEBHOOKS`), the direct SES SNS subscriber, the inbound mail receiver
 * (SES receiving, with a bounce domain), the retry worker on the RetryQueue, the suppression
 * API, and the reclassify job (invoked by hand).
 */
import type { Grants } from './access.ts';
import type { InboundBucket } from './inbound-mail.ts';
import { PAGE_DIST, PAGE_IN_BUNDLE } from './page.ts';
import type { Queues } from './queues.ts';
import type { Secrets } from './secrets.ts';
import type { Ses } from './ses.ts';
import type { DeploySettings } from './settings.ts';
import type { Storage } from './storage.ts';
import { FUNCTION_SIZES, type FunctionSize, QUEUE_TUNING } from './tuning.ts';
import {
  directObjectsOf,
  directOf,
  type SecretName,
  VENDOR_WEBHOOKS,
  type VendorWebhook,
} from './vendors.ts';

/** What the functions need from the rest of the stack. */
export interface FunctionInputs {
  settings: DeploySettings;
  storage: Storage;
  queues: Queues;
  secrets: Secrets;
  grants: Grants;
  /** Present on stages with SES. */
  ses: Ses | undefined;
  /** Present on stages with a bounce domain (`REBOUND_BOUNCE_DOMAIN`). */
  inbound?: InboundBucket | undefined;
}

/** The functions' names (for alarms) and the URLs to print. */
export interface Functions {
  /** Lambda function name per alarm-friendly key. */
  names: Record<string, $util.Output<string>>;
  /** Output name (`SendgridWebhookUrl`, …) → URL, for the deployed webhooks only. */
  webhookUrls: Record<string, $util.Output<string>>;
  apiUrl: $util.Output<string>;
  /** The reclassify job's function name (an output: invoke it by hand; no alarm). */
  reclassifyName: $util.Output<string>;
  /** The inbound mail receiver, on stages with a bounce domain (the receipt rule invokes it). */
  inboundReceiver?: sst.aws.Function;
}

/** The webhook rows a stage deploys: its vendors', the SES one only with the HTTPS subscription. */
export function webhooksFor(settings: DeploySettings): VendorWebhook[] {
  return VENDOR_WEBHOOKS.filter(
    (w) =>
      settings.vendors.includes(w.id) && (w.deploy === 'vendor' || settings.sesHttpsSubscription),
  );
}

/** The secrets the API links (it is on every stage). */
const API_SECRETS: readonly SecretName[] = ['SuppressionApiKey'];

/** The secret of erasure and hash-only mode, linked by every function that touches records. */
const ERASURE_SECRETS = (settings: DeploySettings): SecretName[] =>
  settings.erasure ? ['ErasureKey'] : [];

/** Every secret the stage's functions link, so exactly those are declared. */
export function secretNamesFor(settings: DeploySettings): SecretName[] {
  return [
    ...new Set([
      ...webhooksFor(settings).flatMap((w) => w.secrets),
      ...API_SECRETS,
      ...ERASURE_SECRETS(settings),
    ]),
  ];
}

/**
 * Lambda may assume the roles, nobody else. SST 4.17.1 also trusts the account root in every
 * function role (meant for `sst dev`, but its check tests an Output, which is always truthy),
 * so any principal in the account allowed `sts:AssumeRole` could act as a webhook. Outside
 * `sst dev` the trust policy is Lambda's alone.
 */
export function lambdaOnlyTrust(args: aws.iam.RoleArgs): undefined {
  if ($dev) return undefined;
  args.assumeRolePolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
        Action: 'sts:AssumeRole',
      },
    ],
  });
  return undefined;
}

/** How every function is bundled: minified ESM, no source maps, code splitting. */
export const NODEJS = { minify: true, sourcemap: false, splitting: true } as const;

/**
 * The settings every function shares: Node 24 on Graviton (cheaper per GB-s, no native
 * modules to worry about), minified ESM bundles. `@aws-sdk/*` stays bundled (no
 * `esbuild.external`): we ship the SDK version the local stack and tests ran, with one copy of
 * each client (powertools' `instanceof` checks need that), instead of whatever the runtime
 * has. `sourcemap: false` keeps maps out of the zip (SST uploads them for the Console), so
 * cold starts don't pay for `--enable-source-maps` on a large minified bundle; `splitting`
 * makes each vendor's code (a dynamic import in the registry) a chunk that only its own
 * function loads. Public functions get their reserved concurrency.
 */
function lambda(
  handler: string,
  size: FunctionSize,
  link: sst.aws.FunctionArgs['link'],
  settings: DeploySettings,
  environment: Record<string, $util.Input<string>> = {},
): sst.aws.FunctionArgs {
  const reserved =
    size.reserved === undefined || settings.reservedConcurrency === 'none'
      ? undefined
      : settings.reservedConcurrency === 'default'
        ? size.reserved
        : settings.reservedConcurrency;
  return {
    handler,
    runtime: 'nodejs24.x',
    architecture: 'arm64',
    memory: size.memory,
    timeout: size.timeout,
    link,
    // Code splitting: a vendor's code is its own chunk, loaded only by that vendor's function.
    nodejs: NODEJS,
    environment: {
      POWERTOOLS_SERVICE_NAME: 'rebound',
      POWERTOOLS_METRICS_NAMESPACE: 'Rebound',
      ...environment,
    },
    ...(reserved === undefined ? {} : { concurrency: { reserved } }),
    transform: { role: lambdaOnlyTrust },
  };
}

/** Public Function URL: no IAM auth (vendors can't sign), no CORS (server-to-server only). */
const PUBLIC_URL = { authorization: 'none', cors: false } as const;

/** `https://host/path` with `user:pass@` from the first credential pair (none if empty). */
export function withBasicAuth(url: string, credentials: string): string {
  const pair = credentials.split(',')[0]?.trim() ?? '';
  const colon = pair.indexOf(':');
  if (colon < 0) return url;
  const user = encodeURIComponent(pair.slice(0, colon));
  const pass = encodeURIComponent(pair.slice(colon + 1));
  return url.replace(/^https:\/\//, `https://${user}:${pass}@`);
}

/**
 * A webhook's environment: `REBOUND_VENDOR` (which adapter the generic entry loads), and each
 * of the vendor's deploy-time settings that is set where `sst deploy` runs.
 */
export function vendorEnvironment(
  row: VendorWebhook,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = { REBOUND_VENDOR: row.id };
  for (const name of row.settings) {
    const value = env[name]?.trim();
    if (value) out[name] = value;
  }
  return out;
}

/** Creates every function and subscription of the stage. */
export function createFunctions(input: FunctionInputs): Functions {
  const { settings, storage, queues, secrets, grants, ses, inbound } = input;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`functions: ${what} is not deployed on this stage`);
    return value;
  };
  const secret = (name: SecretName) => need(secrets[name], `the secret ${name}`);
  // Every function that reads or writes suppressions: the key scheme's secret, the settings.
  const erasure = ERASURE_SECRETS(settings).map(secret);
  const suppressionEnv = settings.suppressionEnv;
  const data = [storage.suppressions, storage.state, queues.retryLink, ...erasure];
  const webhook = [...data, need(grants.webhook, 'the webhook grant')];
  const names: Record<string, $util.Output<string>> = {};
  const webhookUrls: Record<string, $util.Output<string>> = {};

  for (const row of webhooksFor(settings)) {
    const fn = new sst.aws.Function(row.name, {
      ...lambda(row.handler, row.size, [...webhook, ...row.secrets.map(secret)], settings, {
        ...suppressionEnv,
        ...vendorEnvironment(row, settings.env),
      }),
      url: PUBLIC_URL,
    });
    names[row.name] = fn.name;
    // Function URLs end in "/"; the path mirrors the local stack's routes (handlers ignore it).
    webhookUrls[row.output] = $interpolate`${fn.url}${row.route.slice(1)}`;
  }

  if (ses) {
    // The default SES path: SNS invokes the function directly (IAM-authorised, no public URL).
    // That is an async invoke: Lambda retries twice, then the event goes to SesSnsDlq instead
    // of being dropped, so a DynamoDB outage loses no bounce (redrive by re-invoking with it).
    const dlq = need(queues.sesSnsDlq, 'SesSnsDlq');
    const args = lambda(
      'functions/subscriber.handler',
      need(directOf('ses'), 'the SES direct source').size,
      // Only this topic may invoke it (SST scopes the Lambda permission), so no allowlist.
      [
        ...data,
        need(grants.direct, 'the direct subscriber grant'),
        need(grants.sesSnsFailure, 'the SES on-failure grant'),
      ],
      settings,
      { ...suppressionEnv, REBOUND_VENDOR: 'ses' },
    );
    const sesSns = ses.topic.subscribe('SesSnsSubscriber', {
      ...args,
      retries: 2,
      transform: {
        ...args.transform,
        eventInvokeConfig: (a) => {
          a.destinationConfig = { onFailure: { destination: dlq.arn } };
        },
      },
    });
    names.SesSnsSubscriber = sesSns.nodes.function.name;

    // Optional: also deliver over HTTPS to the SES webhook (REBOUND_SES_HTTPS_SUBSCRIPTION=true).
    const sesUrl = webhookUrls.SesWebhookUrl;
    if (settings.sesHttpsSubscription && sesUrl) {
      new aws.sns.TopicSubscription('SesHttpsSubscription', {
        topic: ses.topic.arn,
        protocol: 'https',
        // SNS sends basic auth only when the URL carries it (SnsCredentials; secret output).
        endpoint: $resolve([sesUrl, secret('SnsCredentials').value]).apply(([url, credentials]) =>
          withBasicAuth(url, credentials),
        ),
        // Pulumi cannot delete a pending subscription; the handler confirms it on arrival.
        endpointAutoConfirms: true,
        confirmationTimeoutInMinutes: 5,
      });
    }
  }

  // SES receiving (REBOUND_BOUNCE_DOMAIN): the receipt rule stores each mail in the bucket, then
  // invokes this function asynchronously (infra/inbound-mail.ts). Like the SES subscriber:
  // Lambda retries twice, then the event goes to InboundMailDlq (the mail stays in the bucket
  // for the retention period, so a redrive re-invokes with the event).
  let inboundReceiver: sst.aws.Function | undefined;
  if (inbound) {
    const dlq = need(queues.inboundMailDlq, 'InboundMailDlq');
    const objects = need(directObjectsOf('mail'), 'the mail source objects');
    inboundReceiver = new sst.aws.Function(
      'InboundMailReceiver',
      lambda(
        'functions/subscriber.handler',
        need(directOf('mail'), 'the mail direct source').size,
        [
          ...data,
          need(grants.direct, 'the direct subscriber grant'),
          need(grants.inboundMail, 'the inbound mail grant'),
          need(grants.inboundMailFailure, 'the inbound mail on-failure grant'),
        ],
        settings,
        {
          ...suppressionEnv,
          REBOUND_VENDOR: 'mail',
          [objects.bucketEnv]: inbound.bucket.bucket,
        },
      ),
    );
    new aws.lambda.FunctionEventInvokeConfig('InboundMailReceiverInvokeConfig', {
      functionName: inboundReceiver.nodes.function.name,
      maximumRetryAttempts: 2,
      destinationConfig: { onFailure: { destination: dlq.arn } },
    });
    names.InboundMailReceiver = inboundReceiver.nodes.function.name;
  }

  const worker = queues.retry.subscribe(
    lambda(
      'functions/retry-worker.handler',
      FUNCTION_SIZES.worker,
      [...data, queues.retryDueLink, need(grants.worker, 'the worker grant')],
      settings,
      suppressionEnv,
    ),
    { batch: { size: QUEUE_TUNING.batchSize, partialResponses: true } },
  );
  names.RetryWorker = worker.nodes.function.name;

  // The API handler routes on method + rawPath itself, so a Function URL is all it needs. It
  // also serves the page at `/` (infra/page.ts builds it; copied into the bundle as web/) and
  // reads the rate counters in State for it.
  const api = new sst.aws.Function('SuppressionApi', {
    ...lambda(
      'functions/suppression-api.handler',
      FUNCTION_SIZES.api,
      [
        storage.suppressions,
        storage.state,
        need(grants.api, 'the API grant'),
        ...API_SECRETS.map(secret),
        ...erasure,
      ],
      settings,
      suppressionEnv,
    ),
    copyFiles: [{ from: PAGE_DIST, to: PAGE_IN_BUNDLE }],
    url: PUBLIC_URL,
  });
  names.SuppressionApi = api.name;

  // Invoked by hand after a rule-table change (`{"apply": true}`, then its cursor): no URL,
  // no trigger. docs/classification.md says how.
  const reclassify = new sst.aws.Function(
    'Reclassify',
    lambda(
      'functions/reclassify.handler',
      FUNCTION_SIZES.reclassify,
      [storage.suppressions, need(grants.reclassify, 'the reclassify grant')],
      settings,
    ),
  );

  return {
    names,
    webhookUrls,
    apiUrl: api.url,
    reclassifyName: reclassify.name,
    ...(inboundReceiver ? { inboundReceiver } : {}),
  };
}
