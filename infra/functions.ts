/**
 * The Lambda functions: three public webhook receivers (Function URLs), the direct SES SNS
 * subscriber, the retry worker on the RetryQueue, and the suppression API.
 */
import type { Grants } from './access.ts';
import type { Queues } from './queues.ts';
import type { Secrets } from './secrets.ts';
import type { Ses } from './ses.ts';
import type { Storage } from './storage.ts';
import { FUNCTION_SIZES, QUEUE_TUNING } from './tuning.ts';

/** What the functions need from the rest of the stack. */
export interface FunctionInputs {
  storage: Storage;
  queues: Queues;
  secrets: Secrets;
  grants: Grants;
  ses: Ses;
}

/** The functions' names (for alarms) and the URLs to paste into the vendor consoles. */
export interface Functions {
  /** Lambda function name per alarm-friendly key. */
  names: Record<string, $util.Output<string>>;
  urls: Record<'sendgrid' | 'postmark' | 'ses' | 'api', $util.Output<string>>;
}

/**
 * The settings every function shares: Node 24 on Graviton (cheaper per GB-s, no native
 * modules to worry about), minified ESM bundles. `@aws-sdk/*` stays bundled (no
 * `esbuild.external`): we ship the SDK version the local stack and tests ran, with one copy of
 * each client (powertools' `instanceof` checks need that), instead of whatever the runtime
 * has. `sourcemap: false` keeps maps out of the zip (SST uploads them for the Console), so
 * cold starts don't pay for `--enable-source-maps` on a large minified bundle.
 */
function lambda(
  handler: string,
  size: { memory: `${number} MB`; timeout: `${number} seconds` },
  link: sst.aws.FunctionArgs['link'],
): sst.aws.FunctionArgs {
  return {
    handler,
    runtime: 'nodejs24.x',
    architecture: 'arm64',
    memory: size.memory,
    timeout: size.timeout,
    link,
    nodejs: { minify: true, sourcemap: false },
    environment: { POWERTOOLS_SERVICE_NAME: 'rebound', POWERTOOLS_METRICS_NAMESPACE: 'Rebound' },
  };
}

/** Public Function URL: no IAM auth (vendors can't sign), no CORS (server-to-server only). */
const PUBLIC_URL = { authorization: 'none', cors: false } as const;

/** Creates every function and subscription. */
export function createFunctions(input: FunctionInputs): Functions {
  const { storage, queues, secrets, grants, ses } = input;
  const data = [storage.suppressions, storage.state, queues.retryLink];
  const webhook = [...data, grants.webhook];

  const sendgrid = new sst.aws.Function('SendgridWebhook', {
    ...lambda('functions/sendgrid-webhook.handler', FUNCTION_SIZES.sendgrid, [
      ...webhook,
      secrets.sendgridPublicKeys,
    ]),
    url: PUBLIC_URL,
  });
  const postmark = new sst.aws.Function('PostmarkWebhook', {
    ...lambda('functions/postmark-webhook.handler', FUNCTION_SIZES.postmark, [
      ...webhook,
      secrets.postmarkCredentials,
    ]),
    url: PUBLIC_URL,
  });
  // SNS over HTTPS: a Function URL, not API Gateway (which remaps the WWW-Authenticate header
  // SNS basic auth needs). The handler verifies the SNS signature and confirms subscriptions.
  const sesWebhook = new sst.aws.Function('SesWebhook', {
    ...lambda('functions/ses-webhook.handler', FUNCTION_SIZES.ses, [
      ...webhook,
      secrets.snsTopicAllowlist,
    ]),
    url: PUBLIC_URL,
  });
  // Function URLs end in "/"; the path mirrors the local stack's routes (handlers ignore it).
  const sesUrl = $interpolate`${sesWebhook.url}webhooks/ses`;

  // The default SES path: SNS invokes the function directly (IAM-authorised, no public URL).
  // That is an async invoke: Lambda retries twice, then the event goes to SesSnsDlq instead of
  // being dropped, so a DynamoDB outage loses no bounce (redrive by re-invoking with it).
  const sesSns = ses.topic.subscribe('SesSnsSubscriber', {
    // Only this topic may invoke it (SST scopes the Lambda permission), so no allowlist secret.
    ...lambda('functions/ses-sns.handler', FUNCTION_SIZES.sesSns, [
      ...webhook,
      grants.sesSnsFailure,
    ]),
    retries: 2,
    transform: {
      eventInvokeConfig: (args) => {
        args.destinationConfig = { onFailure: { destination: queues.sesSnsDlq.arn } };
      },
    },
  });
  // Optional: deliver over HTTPS to the SES webhook instead (REBOUND_SES_HTTPS_SUBSCRIPTION=true).
  if (process.env.REBOUND_SES_HTTPS_SUBSCRIPTION === 'true') {
    new aws.sns.TopicSubscription('SesHttpsSubscription', {
      topic: ses.topic.arn,
      protocol: 'https',
      endpoint: sesUrl,
      // Pulumi cannot delete a pending subscription; the handler confirms it on arrival.
      endpointAutoConfirms: true,
      confirmationTimeoutInMinutes: 5,
    });
  }

  const worker = queues.retry.subscribe(
    lambda('functions/retry-worker.handler', FUNCTION_SIZES.worker, [
      ...data,
      queues.retryDueLink,
      grants.worker,
    ]),
    { batch: { size: QUEUE_TUNING.batchSize, partialResponses: true } },
  );

  // The API handler routes on method + rawPath itself, so a Function URL is all it needs.
  const api = new sst.aws.Function('SuppressionApi', {
    ...lambda('functions/suppression-api.handler', FUNCTION_SIZES.api, [
      storage.suppressions,
      grants.api,
      secrets.suppressionApiKey,
    ]),
    url: PUBLIC_URL,
  });

  return {
    names: {
      SendgridWebhook: sendgrid.name,
      PostmarkWebhook: postmark.name,
      SesWebhook: sesWebhook.name,
      SesSnsSubscriber: sesSns.nodes.function.name,
      RetryWorker: worker.nodes.function.name,
      SuppressionApi: api.name,
    },
    urls: {
      sendgrid: $interpolate`${sendgrid.url}webhooks/sendgrid`,
      postmark: $interpolate`${postmark.url}webhooks/postmark`,
      ses: sesUrl,
      api: api.url,
    },
  };
}
