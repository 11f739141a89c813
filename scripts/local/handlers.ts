/**
 * Builds the deployed handlers (the factories in packages/aws/src/handlers) with local deps:
 * local SDK clients, local table/queue names, the `.rebound/` credentials, no network.
 */

import type { ReboundConfig } from '../../functions/lib/config.ts';
import { createPostmarkWebhookHandler } from '../../packages/aws/src/handlers/postmark-webhook.ts';
import { createRetryWorkerHandler } from '../../packages/aws/src/handlers/retry-worker.ts';
import { createSendgridWebhookHandler } from '../../packages/aws/src/handlers/sendgrid-webhook.ts';
import { createSesWebhookHandler } from '../../packages/aws/src/handlers/ses-webhook.ts';
import { createSuppressionApiHandler } from '../../packages/aws/src/handlers/suppression-api.ts';
import { type LocalCredentials, localCertificateFetcher } from './credentials.ts';
import type { SqsLambda } from './event-source.ts';
import type { HttpLambda, Route } from './serve-lambda.ts';

/** The HTTP routes (same paths as deployed) and the retry worker. */
export interface LocalHandlers {
  routes: Route[];
  worker: SqsLambda;
}

/**
 * Wires every factory with the deployed `loadConfig()` result, except what must not touch the
 * network locally: the SNS certificate (served from `.rebound/`) and subscription confirmation.
 */
export function createLocalHandlers(
  config: ReboundConfig,
  creds: LocalCredentials,
  log: (line: string) => void,
): LocalHandlers {
  const sendgrid = createSendgridWebhookHandler(config);
  const postmark = createPostmarkWebhookHandler(config);
  const ses = createSesWebhookHandler({
    ...config,
    fetchCertificate: localCertificateFetcher(creds),
    httpGet: async (url) => log(`local: SES subscription confirmed (not fetched): ${url}`),
  });
  const api = createSuppressionApiHandler(config);
  const worker = createRetryWorkerHandler(config);
  const http = (h: unknown) => h as HttpLambda;
  return {
    routes: [
      {
        method: 'POST',
        path: /^\/webhooks\/sendgrid\/?$/,
        functionName: 'SendgridWebhook',
        handler: http(sendgrid),
      },
      {
        method: 'POST',
        path: /^\/webhooks\/postmark\/?$/,
        functionName: 'PostmarkWebhook',
        handler: http(postmark),
      },
      {
        method: 'POST',
        path: /^\/webhooks\/ses\/?$/,
        functionName: 'SesWebhook',
        handler: http(ses),
      },
      {
        method: 'POST',
        path: /^\/suppressions\/check\/?$/,
        functionName: 'SuppressionApi',
        handler: http(api),
      },
      {
        method: 'GET',
        path: /^\/suppressions\/[^/]+\/?$/,
        functionName: 'SuppressionApi',
        handler: http(api),
      },
      {
        method: 'DELETE',
        path: /^\/suppressions\/[^/]+\/?$/,
        functionName: 'SuppressionApi',
        handler: http(api),
      },
      {
        // The page and its read routes (packages/aws/src/ui): served by the API function.
        method: 'GET',
        path: /^\/(?:index\.html|app\.js|app\.css|stats|recent|export)?\/?$/,
        functionName: 'SuppressionApi',
        handler: http(api),
      },
    ],
    worker: worker as unknown as SqsLambda,
  };
}
