/**
 * Offline wiring test, continued: the SES topic (policy, direct and optional HTTPS
 * subscriptions), secrets, CloudWatch alarms and the stack outputs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deploy, loadConfig, type SstConfig } from './wiring-helpers.ts';

let config: SstConfig;
beforeAll(async () => {
  config = await loadConfig();
});

describe('SES notifications', () => {
  it('SES may publish to the topic, only for this account', async () => {
    const { byName } = await deploy(config, 'dev');
    expect(byName('SesNotifications').type).toBe('sst.aws.SnsTopic');
    const policy = byName('SesNotificationsPolicy');
    expect(policy.type).toBe('aws.sns.TopicPolicy');
    expect(policy.args.arn).toBe('<SesNotifications.arn>');
    const doc = JSON.parse(policy.args.policy as string);
    expect(doc.statements).toEqual([
      expect.objectContaining({
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['ses.amazonaws.com'] }],
        actions: ['SNS:Publish'],
        resources: ['<SesNotifications.arn>'],
        conditions: [
          {
            test: 'StringEquals',
            variable: 'aws:SourceAccount',
            values: ['<aws.getCallerIdentityOutput.accountId>'],
          },
        ],
      }),
    ]);
  });
  it('by default SNS invokes functions/ses-sns directly and nothing subscribes over HTTPS', async () => {
    const { recorded, fns } = await deploy(config, 'dev');
    const sub = fns.find((f) => f.source === 'SesNotifications#subscribe');
    expect(sub?.handler).toBe('functions/ses-sns.handler');
    expect(recorded.filter((r) => r.type === 'aws.sns.TopicSubscription')).toEqual([]);
  });
  it('failed async invocations of ses-sns go to SesSnsDlq after 2 retries (no lost bounce)', async () => {
    const { fns, byName } = await deploy(config, 'dev');
    const sub = fns.find((f) => f.source === 'SesNotifications#subscribe')!;
    expect(sub.args.retries).toBe(2);
    const invokeConfig: Record<string, unknown> = {};
    (sub.args.transform as { eventInvokeConfig: (a: object) => void }).eventInvokeConfig(
      invokeConfig,
    );
    expect(invokeConfig).toEqual({
      destinationConfig: { onFailure: { destination: '<SesSnsDlq.arn>' } },
    });
    const transform = (byName('SesSnsDlq').args.transform as { queue: (a: object) => void }).queue;
    const queueArgs: Record<string, unknown> = {};
    transform(queueArgs);
    expect(queueArgs.messageRetentionSeconds).toBe(1_209_600);
  });
  it('REBOUND_SES_HTTPS_SUBSCRIPTION=true adds an auto-confirmed HTTPS subscription', async () => {
    const { byName } = await deploy(config, 'dev', { REBOUND_SES_HTTPS_SUBSCRIPTION: 'true' });
    expect(byName('SesHttpsSubscription').args).toMatchObject({
      topic: '<SesNotifications.arn>',
      protocol: 'https',
      endpoint: '<SesWebhook.url>webhooks/ses',
      endpointAutoConfirms: true,
    });
  });
  it('REBOUND_SES_IDENTITIES wires Bounce and Complaint notifications of each identity', async () => {
    const { recorded } = await deploy(config, 'dev', { REBOUND_SES_IDENTITIES: 'a.com, b.org' });
    const topics = recorded.filter((r) => r.type === 'aws.ses.IdentityNotificationTopic');
    expect(topics.map((t) => `${t.args.identity}:${t.args.notificationType}`)).toEqual([
      'a.com:Bounce',
      'a.com:Complaint',
      'b.org:Bounce',
      'b.org:Complaint',
    ]);
    for (const t of topics) expect(t.args.topicArn).toBe('<SesNotifications.arn>');
  });
});

describe('secrets', () => {
  it('declares the four contract secrets; only the allowlist defaults (to our topic)', async () => {
    const { recorded } = await deploy(config, 'dev');
    const secrets = recorded.filter((r) => r.type === 'sst.Secret');
    expect(Object.fromEntries(secrets.map((s) => [s.name, s.args.value]))).toEqual({
      SendgridPublicKeys: undefined,
      PostmarkCredentials: undefined,
      SnsTopicAllowlist: '<SesNotifications.arn>',
      SuppressionApiKey: undefined,
    });
  });
});

describe('alarms', () => {
  const metric = (ns: string, name: string, dims: object, stat: string, threshold: number) => ({
    namespace: ns,
    metricName: name,
    dimensions: dims,
    statistic: stat,
    threshold,
    comparisonOperator: 'GreaterThanThreshold',
    alarmActions: ['<Alerts.arn>'],
  });
  const rebound = { service: 'rebound' };
  it.each([
    ['ConfigErrorsAlarm', metric('Rebound', 'ConfigErrors', rebound, 'Sum', 0)],
    ['VerificationFailuresAlarm', metric('Rebound', 'VerificationFailures', rebound, 'Sum', 10)],
    ['PolicyBlocksAlarm', metric('Rebound', 'PolicyBlocks', rebound, 'Sum', 20)],
    [
      'RetryDlqNotEmptyAlarm',
      metric(
        'AWS/SQS',
        'ApproximateNumberOfMessagesVisible',
        { QueueName: '<RetryDlq.nodes.queue.name>' },
        'Maximum',
        0,
      ),
    ],
    [
      'SesSnsDlqNotEmptyAlarm',
      metric(
        'AWS/SQS',
        'ApproximateNumberOfMessagesVisible',
        { QueueName: '<SesSnsDlq.nodes.queue.name>' },
        'Maximum',
        0,
      ),
    ],
    [
      'RetryDueDlqNotEmptyAlarm',
      metric(
        'AWS/SQS',
        'ApproximateNumberOfMessagesVisible',
        { QueueName: '<RetryDueDlq.nodes.queue.name>' },
        'Maximum',
        0,
      ),
    ],
  ])('%s', async (name, expected) => {
    const { byName } = await deploy(config, 'dev');
    expect(byName(name).type).toBe('aws.cloudwatch.MetricAlarm');
    expect(byName(name).args).toMatchObject(expected);
  });
  it('the Rebound metrics the alarms watch are ones the runtime emits', async () => {
    const { recorded } = await deploy(config, 'dev');
    const names = recorded
      .filter((r) => r.args.namespace === 'Rebound')
      .map((r) => r.args.metricName);
    expect(names.sort()).toEqual(['ConfigErrors', 'PolicyBlocks', 'VerificationFailures']);
    const source = readFileSync(
      join(import.meta.dirname, '../../packages/aws/src/observability.ts'),
      'utf8',
    );
    expect(source).toContain("namespace: 'Rebound'");
    for (const n of names) expect(source).toContain(`'${n}'`);
  });
  it('one Lambda Errors alarm per function, on its own function name', async () => {
    const { recorded, fns } = await deploy(config, 'dev');
    const errors = recorded.filter((r) => r.args.namespace === 'AWS/Lambda');
    expect(errors).toHaveLength(fns.length);
    const dims = errors.map((e) => (e.args.dimensions as { FunctionName: string }).FunctionName);
    expect(dims.sort()).toEqual(
      [
        '<SendgridWebhook.name>',
        '<PostmarkWebhook.name>',
        '<SesWebhook.name>',
        '<SuppressionApi.name>',
        '<SesSnsSubscriber.nodes.function.name>',
        '<RetryQueueSqsSubscriber.nodes.function.name>',
      ].sort(),
    );
    for (const e of errors) expect(e.args).toMatchObject({ metricName: 'Errors', threshold: 0 });
  });
});

describe('outputs', () => {
  it('prints the URLs to paste into the consoles, the API URL, tables and queues', async () => {
    const { outputs } = await deploy(config, 'dev');
    expect(outputs).toEqual({
      SendgridWebhookUrl: '<SendgridWebhook.url>webhooks/sendgrid',
      PostmarkWebhookUrl: '<PostmarkWebhook.url>webhooks/postmark',
      SesWebhookUrl: '<SesWebhook.url>webhooks/ses',
      SesTopicArn: '<SesNotifications.arn>',
      SuppressionApiUrl: '<SuppressionApi.url>',
      SuppressionsTableName: '<SuppressionsTable.name>',
      StateTableName: '<StateTable.name>',
      RetryQueueUrl: '<RetryQueueSqs.url>',
      RetryDueQueueUrl: '<RetryDueQueueSqs.url>',
      AlertsTopicArn: '<Alerts.arn>',
    });
  });
});
