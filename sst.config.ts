/// <reference path="./.sst/platform/config.d.ts" />
/**
 * Rebound's deployment (SST 4.17.x): app settings here, resources in `infra/*.ts`, imported
 * inside `run()` so the offline wiring test can install stand-in globals first.
 */

export default $config({
  app(input) {
    const production = input?.stage === 'production';
    return {
      name: 'rebound',
      home: 'aws',
      // Production keeps its tables (and refuses `sst remove`); other stages clean up fully.
      removal: production ? 'retain' : 'remove',
      protect: production,
    };
  },
  async run() {
    const { createStorage } = await import('./infra/storage.ts');
    const { createQueues } = await import('./infra/queues.ts');
    const { createSes } = await import('./infra/ses.ts');
    const { createSecrets } = await import('./infra/secrets.ts');
    const { createGrants } = await import('./infra/access.ts');
    const { createFunctions } = await import('./infra/functions.ts');
    const { createAlarms } = await import('./infra/alarms.ts');

    const storage = createStorage();
    const queues = createQueues();
    const ses = createSes();
    const secrets = createSecrets({ sesTopicArn: ses.topic.arn });
    const grants = createGrants(storage, queues);
    const fns = createFunctions({ storage, queues, secrets, grants, ses });
    const { alerts } = createAlarms({ queues, functionNames: fns.names });

    // Printed by `sst deploy` and written to .sst/outputs.json: paste the webhook URLs into
    // the SendGrid (Event Webhook), Postmark (webhook, with basic auth) and SES/SNS consoles.
    return {
      SendgridWebhookUrl: fns.urls.sendgrid,
      PostmarkWebhookUrl: fns.urls.postmark,
      SesWebhookUrl: fns.urls.ses,
      SesTopicArn: ses.topic.arn,
      SuppressionApiUrl: fns.urls.api,
      SuppressionsTableName: storage.suppressionsTable.name,
      StateTableName: storage.stateTable.name,
      RetryQueueUrl: queues.retry.url,
      RetryDueQueueUrl: queues.retryDue.url,
      AlertsTopicArn: alerts.arn,
    };
  },
});
