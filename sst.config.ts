/// <reference path="./.sst/platform/config.d.ts" />
/**
 * Rebound's deployment (SST 4.17.x): app settings here, resources in `infra/*.ts`, imported
 * inside `run()` (SST allows no top-level imports). Deploy guide: docs/deploy.md.
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
    const { readSettings } = await import('./infra/settings.ts');
    const { createStorage } = await import('./infra/storage.ts');
    const { createQueues } = await import('./infra/queues.ts');
    const { createSes } = await import('./infra/ses.ts');
    const { createSecrets } = await import('./infra/secrets.ts');
    const { createGrants } = await import('./infra/access.ts');
    const { createFunctions, secretNamesFor } = await import('./infra/functions.ts');
    const { createSenderPolicy } = await import('./infra/sender.ts');
    const { createAlarms } = await import('./infra/alarms.ts');
    const { buildPage } = await import('./infra/page.ts');
    const inboundMail = await import('./infra/inbound-mail.ts');

    // Deploy-time options (REBOUND_VENDORS, REBOUND_SES_*, …): see infra/settings.ts.
    const settings = readSettings(process.env);
    const sync = (await import('./infra/sync.ts')).syncFor(process.env); // REBOUND_SYNC*: docs/sync.md
    const withSes = settings.vendors.includes('ses');
    const storage = createStorage();
    const queues = createQueues({ ses: withSes, inbound: settings.inbound !== undefined });
    // SES receiving for a bounce domain (REBOUND_BOUNCE_DOMAIN): docs/deploy.md.
    const inboundRule = settings.inbound ? inboundMail.inboundRuleOf(settings.inbound) : undefined;
    const inbound =
      settings.inbound && inboundRule
        ? inboundMail.createInboundBucket(settings.inbound, inboundRule)
        : undefined;
    const ses = withSes ? createSes(settings) : undefined;
    const secrets = createSecrets({
      names: secretNamesFor(settings),
      ...(ses ? { sesTopicArn: ses.topic.arn } : {}),
    });
    const grants = createGrants(
      storage,
      queues,
      [
        'webhook',
        'worker',
        'api',
        'reclassify',
        ...(withSes || inbound ? (['direct'] as const) : []),
        ...(withSes ? (['sesSnsFailure'] as const) : []),
        ...(inbound ? (['inboundMail', 'inboundMailFailure'] as const) : []),
      ],
      inbound,
    );
    // The page the API serves at `/`: built now, copied into the API's bundle.
    buildPage();
    const fns = createFunctions({ settings, storage, queues, secrets, grants, ses, inbound });
    if (settings.inbound && inboundRule && inbound && fns.inboundReceiver) {
      inboundMail.createInboundRule({
        inbound: settings.inbound,
        rule: inboundRule,
        bucket: inbound,
        receiver: fns.inboundReceiver,
      });
    }
    const sender = createSenderPolicy({
      storage,
      queues,
      managed: settings.senderManagedPolicy,
    });
    const { alerts } = createAlarms({
      queues,
      functionNames: fns.names,
      alertEmail: settings.alertEmail,
    });
    sync.deploy({ storage, alerts, deploy: settings, secrets });

    // Printed by `sst deploy` and written to .sst/outputs.json (docs/deploy.md says what each
    // is for): the deployed vendors' webhook URLs to paste into their consoles, the SES topic
    // and configuration set, the sending service's API, tables, queue and IAM policy.
    return {
      ...fns.webhookUrls,
      ...(ses ? { SesTopicArn: ses.topic.arn, SesConfigurationSet: ses.configurationSetName } : {}),
      ...(inbound && inboundRule
        ? { InboundMailBucket: inbound.bucket.bucket, InboundRuleSet: inboundRule.ruleSetName }
        : {}),
      SuppressionApiUrl: fns.apiUrl,
      SuppressionsTableName: storage.suppressionsTable.name,
      StateTableName: storage.stateTable.name,
      RetryQueueUrl: queues.retry.url,
      RetryDueQueueUrl: queues.retryDue.url,
      ReclassifyFunctionName: fns.reclassifyName,
      SenderPolicy: sender.json,
      ...(sender.arn ? { SenderPolicyArn: sender.arn } : {}),
      AlertsTopicArn: alerts.arn,
    };
  },
});
