/**
 * Builds the deployed handlers (the factories in packages/aws/src/handlers) with local deps:
 * local SDK clients, local table/queue names, the `.rebound/` credentials, no network.
 */
import type { AwsClients } from '../../packages/aws/src/clients.ts';
import { createPostmarkWebhookHandler } from '../../packages/aws/src/handlers/postmark-webhook.ts';
import { createRetryWorkerHandler } from '../../packages/aws/src/handlers/retry-worker.ts';
import { createSendgridWebhookHandler } from '../../packages/aws/src/handlers/sendgrid-webhook.ts';
import { createSesWebhookHandler } from '../../packages/aws/src/handlers/ses-webhook.ts';
import { createSuppressionApiHandler } from '../../packages/aws/src/handlers/suppression-api.ts';
import { type LocalCredentials, localCertificateFetcher } from './credentials.ts';
import type { SqsLambda } from './event-source.ts';
import type { HttpLambda, Route } from './serve-lambda.ts';

/** Where the local resources are. */
export interface LocalNames {
  suppressionsTable: string;
  stateTable: string;
  retryQueueUrl: string;
  retryDueQueueUrl: string;
}

/** The HTTP routes (same paths as deployed) and the retry worker. */
export interface LocalHandlers {
  routes: Route[];
  worker: SqsLambda;
}

/** Wires every factory; `log` receives the subscription confirmations SES would trigger. */
export function createLocalHandlers(
  clients: AwsClients,
  names: LocalNames,
  creds: LocalCredentials,
  log: (line: string) => void,
): LocalHandlers {
  const base = {
    doc: clients.doc,
    sqs: clients.sqs,
    tables: { suppressions: names.suppressionsTable, state: names.stateTable },
    retryQueueUrl: names.retryQueueUrl,
  };
  const sendgrid = createSendgridWebhookHandler({
    ...base,
    sendgridPublicKeys: [creds.sendgrid.publicKey],
  });
  const postmark = createPostmarkWebhookHandler({ ...base, postmarkCredentials: [creds.postmark] });
  const ses = createSesWebhookHandler({
    ...base,
    topicArns: [creds.sns.topicArn],
    fetchCertificate: localCertificateFetcher(creds),
    // No network locally: a SubscriptionConfirmation is acknowledged, not fetched.
    httpGet: async (url) => log(`local: SES subscription confirmed (not fetched): ${url}`),
  });
  const api = createSuppressionApiHandler({
    doc: clients.doc,
    suppressionsTable: names.suppressionsTable,
    apiKey: creds.apiKey,
  });
  const worker = createRetryWorkerHandler({ ...base, retryDueQueueUrl: names.retryDueQueueUrl });
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
    ],
    worker: worker as unknown as SqsLambda,
  };
}
