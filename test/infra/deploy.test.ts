/**
 * `sst deploy` rehearsed offline: SST's real components run under Pulumi's mocks (see
 * test/infra/sst-mock/) for a default `dev` stage and for `production`, and every resource
 * that matters is checked against the tables below: tables, queues and redrive, functions,
 * Function URLs, the SES topic and its subscription, the event source mapping, the async
 * on-failure destination, alarms and outputs. IAM policies: deploy-iam.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEV, PRODUCTION } from './scenarios.ts';
import {
  ALL_SECRETS,
  childrenOf,
  componentOfHandler,
  type Deployment,
  fn,
  handlerKey,
  mockDeploy,
  named,
  ofType,
  statementsOf,
  unwrap,
} from './sst-mock/deploy.ts';
import { ACCOUNT } from './sst-mock/mocks.ts';
import { ensurePlatform, ROOT } from './sst-mock/platform.ts';

const unavailable = ensurePlatform();
let dev: Deployment;
let prod: Deployment;
beforeAll(async () => {
  if (unavailable) return;
  [dev, prod] = await Promise.all([mockDeploy(DEV), mockDeploy(PRODUCTION)]);
}, 120_000);
beforeEach((ctx) => {
  if (unavailable) ctx.skip(`mock deploy not run: ${unavailable}`);
});

/**
 * How many resources of each type a default stage registers (SST components and the AWS
 * resources under them). Update when the architecture changes on purpose.
 */
const DEFAULT_COUNTS: Record<string, number> = {
  'pulumi:pulumi:Stack': 1,
  'sst:aws:Dynamo': 2,
  'sst:aws:Queue': 5,
  'sst:aws:SnsTopic': 2,
  'sst:aws:Function': 8,
  'sst:aws:SnsTopicLambdaSubscriber': 1,
  'sst:aws:QueueLambdaSubscriber': 1,
  'sst:sst:Linkable': 10,
  'sst:sst:Secret': 5,
  'sst:sst:LinkRef': 30,
  'random:index/randomBytes:RandomBytes': 1,
  'aws:dynamodb/table:Table': 2,
  'aws:sqs/queue:Queue': 5,
  'aws:sns/topic:Topic': 2,
  'aws:sns/topicPolicy:TopicPolicy': 1,
  'aws:sns/topicSubscription:TopicSubscription': 1,
  'aws:sesv2/configurationSet:ConfigurationSet': 1,
  'aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination': 1,
  'aws:lambda/function:Function': 8,
  'aws:lambda/functionUrl:FunctionUrl': 5,
  'aws:lambda/permission:Permission': 11,
  'aws:lambda/eventSourceMapping:EventSourceMapping': 1,
  'aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig': 1,
  'aws:iam/role:Role': 8,
  'aws:iam/policy:Policy': 1,
  'aws:cloudwatch/logGroup:LogGroup': 8,
  'aws:cloudwatch/metricAlarm:MetricAlarm': 18,
  'aws:s3/bucketObjectv2:BucketObjectv2': 8,
};

/** DynamoDB tables: key, TTL attribute. Both on-demand, with PITR; protected in production. */
const TABLES = {
  SuppressionsTable: {
    key: 'email',
    ttl: 'expiresAt',
    output: 'SuppressionsTableName',
    attributes: [{ name: 'email', type: 'S' }],
    indexes: [],
  },
  // The `recent` index: batch markers with bounces by day (the page's recent bounces).
  StateTable: {
    key: 'pk',
    ttl: 'expiresAt',
    output: 'StateTableName',
    attributes: [
      { name: 'pk', type: 'S' },
      { name: 'recentAt', type: 'S' },
      { name: 'recentDay', type: 'S' },
    ],
    indexes: [
      { name: 'recent', hashKey: 'recentDay', rangeKey: 'recentAt', projectionType: 'ALL' },
    ],
  },
} as const;

/** SQS queues: visibility, redrive target and receives, retention; which queue consumes whom. */
const QUEUES = {
  RetryQueueSqs: { visibility: 180, dlq: 'RetryDlq', maxReceiveCount: 5 },
  RetryDueQueueSqs: { visibility: 300, dlq: 'RetryDueDlq', maxReceiveCount: 5 },
  RetryDlq: { retentionDays: 14 },
  RetryDueDlq: { retentionDays: 14 },
  SesSnsDlq: { retentionDays: 14 },
} as const;

const WEBHOOK_LINKS = ['Suppressions', 'State', 'RetryQueue', 'WebhookGrant'];
/**
 * Functions by handler: size, reserved concurrency, public URL, and exactly what it links
 * (`Resource.<Name>`: name-only links, its grant, its secrets). Nothing links a table or queue.
 */
const FUNCTIONS = {
  'functions/webhook.handler#sendgrid': {
    memory: 512,
    timeout: 30,
    reserved: 50,
    url: 'webhooks/sendgrid',
    links: [...WEBHOOK_LINKS, 'SendgridPublicKeys'],
  },
  'functions/webhook.handler#postmark': {
    memory: 256,
    timeout: 10,
    reserved: 20,
    url: 'webhooks/postmark',
    links: [...WEBHOOK_LINKS, 'PostmarkCredentials'],
  },
  'functions/webhook.handler#mailgun': {
    memory: 256,
    timeout: 10,
    reserved: 20,
    url: 'webhooks/mailgun',
    links: [...WEBHOOK_LINKS, 'MailgunSigningKeys'],
  },
  'functions/webhook.handler#resend': {
    memory: 256,
    timeout: 10,
    reserved: 20,
    url: 'webhooks/resend',
    links: [...WEBHOOK_LINKS, 'ResendSigningSecrets'],
  },
  'functions/subscriber.handler#ses': {
    memory: 256,
    timeout: 30,
    reserved: undefined,
    url: undefined,
    links: ['Suppressions', 'State', 'RetryQueue', 'DirectGrant', 'SesSnsFailureGrant'],
  },
  'functions/retry-worker.handler': {
    memory: 256,
    timeout: 30,
    reserved: undefined,
    url: undefined,
    links: ['Suppressions', 'State', 'RetryQueue', 'RetryDueQueue', 'WorkerGrant'],
  },
  'functions/suppression-api.handler': {
    memory: 256,
    timeout: 10,
    reserved: 20,
    url: '',
    links: ['Suppressions', 'State', 'ApiGrant', 'SuppressionApiKey'],
  },
  // Invoked by hand: no URL, no trigger, no alarm (whoever invokes it sees its answer).
  'functions/reclassify.handler': {
    memory: 512,
    timeout: 900,
    reserved: undefined,
    url: undefined,
    links: ['Suppressions', 'ReclassifyGrant'],
  },
} as const;

/** Alarms: metric, statistic and threshold, and the queue/function they watch. */
const ALARMS = {
  ConfigErrorsAlarm: { ns: 'Rebound', metric: 'ConfigErrors', stat: 'Sum', threshold: 0 },
  VerificationFailuresAlarm: {
    ns: 'Rebound',
    metric: 'VerificationFailures',
    stat: 'Sum',
    threshold: 10,
  },
  // Summed over an hour (the only Rebound alarm with its own period).
  RetriesGivenUpAlarm: {
    ns: 'Rebound',
    metric: 'RetriesGivenUp',
    stat: 'Sum',
    threshold: 10,
    period: 3600,
  },
  PolicyBlocksAlarm: {
    ns: 'Rebound',
    metric: 'PolicyBlocks',
    stat: 'Sum',
    threshold: 20,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
  },
  RetryDlqNotEmptyAlarm: { queue: 'RetryDlq' },
  RetryDueDlqNotEmptyAlarm: { queue: 'RetryDueDlq' },
  SesSnsDlqNotEmptyAlarm: { queue: 'SesSnsDlq' },
  SendgridWebhookErrorsAlarm: { handler: 'functions/webhook.handler#sendgrid' },
  PostmarkWebhookErrorsAlarm: { handler: 'functions/webhook.handler#postmark' },
  MailgunWebhookErrorsAlarm: { handler: 'functions/webhook.handler#mailgun' },
  ResendWebhookErrorsAlarm: { handler: 'functions/webhook.handler#resend' },
  SesSnsSubscriberErrorsAlarm: { handler: 'functions/subscriber.handler#ses' },
  RetryWorkerErrorsAlarm: { handler: 'functions/retry-worker.handler' },
  SuppressionApiErrorsAlarm: { handler: 'functions/suppression-api.handler' },
} as const;

/** Rate alarms (metric math over the rate counts): which rate, threshold in percent. */
const RATE_ALARMS = {
  ComplaintRateWarningAlarm: { rate: 'complaint', threshold: 0.1 },
  ComplaintRateCriticalAlarm: { rate: 'complaint', threshold: 0.3 },
  BounceRateWarningAlarm: { rate: 'bounce', threshold: 2 },
  BounceRateCriticalAlarm: { rate: 'bounce', threshold: 5 },
} as const;

/** The outputs of a default stage, in order. */
const DEFAULT_OUTPUTS = [
  'SendgridWebhookUrl',
  'PostmarkWebhookUrl',
  'MailgunWebhookUrl',
  'ResendWebhookUrl',
  'SesTopicArn',
  'SesConfigurationSet',
  'SuppressionApiUrl',
  'SuppressionsTableName',
  'StateTableName',
  'RetryQueueUrl',
  'RetryDueQueueUrl',
  'ReclassifyFunctionName',
  'SenderPolicy',
  'SenderPolicyArn',
  'AlertsTopicArn',
];

const table = (d: Deployment, name: string) => named(d, 'aws:dynamodb/table:Table', `${name}Table`);
const queue = (d: Deployment, name: string) => named(d, 'aws:sqs/queue:Queue', `${name}Queue`);
const lambdaOf = (d: Deployment, handler: string) => fn(d, componentOfHandler(d, handler));
const sesTopic = (d: Deployment) => named(d, 'aws:sns/topic:Topic', 'SesNotificationsTopic');

describe('the mock deploy itself', () => {
  it('registers exactly the expected resources of each type (none missing, none extra)', () => {
    const counts: Record<string, number> = {};
    for (const r of dev.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
    expect(counts).toEqual(DEFAULT_COUNTS);
    expect(dev.resources).toHaveLength(Object.values(DEFAULT_COUNTS).reduce((a, b) => a + b, 0));
  });
  it('answered every data source SST called, and the CLI built each function once', () => {
    expect(new Set(dev.calls.map((c) => c.token))).toEqual(
      new Set([
        'aws:index/getCallerIdentity:getCallerIdentity',
        'aws:index/getRegion:getRegion',
        'aws:index/getPartition:getPartition',
        'aws:iam/getPolicyDocument:getPolicyDocument',
      ]),
    );
    const builds = dev.rpc.filter((c) => c.method === 'Runtime.Build');
    // One build per function; the generic webhook entry is built once per vendor.
    expect(builds.map((b) => handlerKey(dev, String(b.args.functionID))).sort()).toEqual(
      Object.keys(FUNCTIONS).sort(),
    );
    expect(new Set(dev.rpc.map((c) => c.method))).toEqual(
      new Set(['Provider.Aws.Bootstrap', 'Runtime.Build']),
    );
  });
  it('app(): production is retained and protected, other stages are removed', () => {
    expect(dev.app).toMatchObject({ name: 'rebound', removal: 'remove', protect: false });
    expect(prod.app).toMatchObject({ name: 'rebound', removal: 'retain', protect: true });
    expect(dev.outputs._protect).toBe(false);
    expect(prod.outputs._protect).toBe(true);
  });
});

describe('DynamoDB tables', () => {
  it.each(Object.entries(TABLES))('%s', (name, want) => {
    for (const [d, production] of [
      [dev, false],
      [prod, true],
    ] as const) {
      const t = table(d, name);
      expect(t.inputs).toMatchObject({
        hashKey: want.key,
        billingMode: 'PAY_PER_REQUEST',
        ttl: { attributeName: want.ttl, enabled: true },
        pointInTimeRecovery: { enabled: true },
        deletionProtectionEnabled: production,
        globalSecondaryIndexes: want.indexes,
      });
      const attrs = t.inputs.attributes as { name: string }[];
      expect([...attrs].sort((a, b) => a.name.localeCompare(b.name))).toEqual(want.attributes);
      expect(t.inputs.rangeKey).toBeUndefined();
      // `removal: retain` keeps the table when the stage is removed (SST's stack transformation).
      expect(t.options.retainOnDelete, `${name} retained`).toBe(production);
      expect(d.outputs[want.output]).toBe(t.state.name);
    }
  });
  it('production retains nothing but its tables', () => {
    const retained = prod.resources.filter((r) => r.options.retainOnDelete).map((r) => r.type);
    expect(retained).toEqual(['aws:dynamodb/table:Table', 'aws:dynamodb/table:Table']);
  });
});

describe('SQS queues', () => {
  it.each(Object.entries(QUEUES))('%s', (name, want) => {
    const q = queue(dev, name);
    expect(q.inputs).toMatchObject({ fifoQueue: false, delaySeconds: 0 });
    if ('dlq' in want) {
      expect(q.inputs.visibilityTimeoutSeconds).toBe(want.visibility);
      expect(JSON.parse(String(q.inputs.redrivePolicy))).toEqual({
        deadLetterTargetArn: queue(dev, want.dlq).state.arn,
        maxReceiveCount: want.maxReceiveCount,
      });
    } else {
      expect(q.inputs.messageRetentionSeconds).toBe(want.retentionDays * 86_400);
      expect(q.inputs.redrivePolicy).toBeUndefined();
    }
  });
  it('queue visibility is at least 6x the retry worker timeout', () => {
    const worker = lambdaOf(dev, 'functions/retry-worker.handler').lambda;
    for (const name of ['RetryQueueSqs', 'RetryDueQueueSqs']) {
      expect(queue(dev, name).inputs.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(
        6 * Number(worker.inputs.timeout),
      );
    }
  });
  it('the retry worker consumes RetryQueue: batches of 10, partial batch responses', () => {
    const [mapping, ...others] = ofType(dev, 'aws:lambda/eventSourceMapping:EventSourceMapping');
    expect(others).toEqual([]);
    expect(mapping?.inputs).toEqual({
      eventSourceArn: queue(dev, 'RetryQueueSqs').state.arn,
      functionName: lambdaOf(dev, 'functions/retry-worker.handler').lambda.state.arn,
      batchSize: 10,
      maximumBatchingWindowInSeconds: 0,
      functionResponseTypes: ['ReportBatchItemFailures'],
    });
  });
});

describe('functions', () => {
  it.each(Object.entries(FUNCTIONS))('%s', (handler, want) => {
    const component = componentOfHandler(dev, handler);
    const { lambda } = fn(dev, component);
    expect(lambda.inputs).toMatchObject({
      handler: handler.split('#')[0],
      runtime: 'nodejs24.x',
      architectures: ['arm64'],
      memorySize: want.memory,
      timeout: want.timeout,
      packageType: 'Zip',
    });
    expect(lambda.inputs.reservedConcurrentExecutions).toBe(want.reserved);
    // Exactly these variables: Powertools' names, SST's link decryption key and app, and for a
    // vendor's function the vendor its generic entry serves.
    const env = (lambda.inputs.environment as { variables: Record<string, string> }).variables;
    const vendor = handler.split('#')[1];
    expect(Object.keys(env).sort()).toEqual([
      'POWERTOOLS_METRICS_NAMESPACE',
      'POWERTOOLS_SERVICE_NAME',
      ...(vendor ? ['REBOUND_VENDOR'] : []),
      'SST_KEY',
      'SST_KEY_FILE',
      'SST_RESOURCE_App',
    ]);
    if (vendor) expect(env.REBOUND_VENDOR).toBe(vendor);
    expect(env).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'rebound',
      POWERTOOLS_METRICS_NAMESPACE: 'Rebound',
      SST_KEY_FILE: 'resource.enc',
      SST_RESOURCE_App: JSON.stringify({ name: 'rebound', stage: 'dev' }),
    });
    // What the CLI was asked to build and encrypt into resource.enc for this function.
    const build = dev.rpc.find(
      (c) => c.method === 'Runtime.Build' && c.args.functionID === component,
    );
    expect(build?.args).toMatchObject({
      handler: handler.split('#')[0],
      runtime: 'nodejs24.x',
      // splitting: each vendor's code is a chunk only its own function loads.
      properties: { architecture: 'arm64', minify: true, sourcemap: false, splitting: true },
    });
    expect(Object.keys(build?.args.links as object).sort()).toEqual([...want.links].sort());
  });
  it('links carry the right values: table names, queue URLs, secrets, grant roles', () => {
    const links = (handler: string) =>
      dev.rpc.find(
        (c) =>
          c.method === 'Runtime.Build' && c.args.functionID === componentOfHandler(dev, handler),
      )?.args.links as Record<string, Record<string, unknown>>;
    const worker = links('functions/retry-worker.handler');
    expect(worker.Suppressions?.name).toBe(table(dev, 'SuppressionsTable').state.name);
    expect(worker.State?.name).toBe(table(dev, 'StateTable').state.name);
    expect(worker.RetryQueue?.url).toBe(queue(dev, 'RetryQueueSqs').state.url);
    expect(worker.RetryDueQueue?.url).toBe(queue(dev, 'RetryDueQueueSqs').state.url);
    expect(worker.WorkerGrant?.role).toBe('worker');
    expect(links('functions/webhook.handler#sendgrid').SendgridPublicKeys?.value).toBe(
      ALL_SECRETS.SendgridPublicKeys,
    );
    expect(links('functions/webhook.handler#postmark').PostmarkCredentials?.value).toBe(
      ALL_SECRETS.PostmarkCredentials,
    );
    expect(links('functions/suppression-api.handler').SuppressionApiKey?.value).toBe(
      ALL_SECRETS.SuppressionApiKey,
    );
  });
  it('public functions have a Function URL: auth NONE, no CORS, both invoke permissions', () => {
    const withUrl = Object.entries(FUNCTIONS).filter(([, w]) => w.url !== undefined);
    expect(ofType(dev, 'aws:lambda/functionUrl:FunctionUrl')).toHaveLength(withUrl.length);
    for (const [handler, want] of withUrl) {
      const f = lambdaOf(dev, handler);
      expect(f.url?.inputs, handler).toEqual({
        authorizationType: 'NONE',
        functionName: { secret: f.lambda.state.name },
        invokeMode: 'BUFFERED',
      });
      expect(f.url?.inputs.cors).toBeUndefined();
      const permissions = f.under('aws:lambda/permission:Permission').map((p) => p.inputs);
      expect(permissions, handler).toEqual([
        {
          action: 'lambda:InvokeFunctionUrl',
          function: { secret: f.lambda.state.name },
          functionUrlAuthType: 'NONE',
          principal: '*',
        },
        {
          action: 'lambda:InvokeFunction',
          function: { secret: f.lambda.state.name },
          invokedViaFunctionUrl: true,
          principal: '*',
        },
      ]);
      const output = Object.values(dev.outputs).filter(
        (v) => typeof v === 'string' && v.startsWith(String(f.url?.state.functionUrl)),
      );
      expect(output, handler).toEqual([`${f.url?.state.functionUrl}${want.url}`]);
    }
  });
  it('log groups keep 30 days', () => {
    for (const g of ofType(dev, 'aws:cloudwatch/logGroup:LogGroup')) {
      expect(g.inputs.retentionInDays, g.name).toBe(30);
    }
  });
});

describe('SES → SNS', () => {
  it('only ses.amazonaws.com may publish to the topic, only from this account', () => {
    const policy = named(dev, 'aws:sns/topicPolicy:TopicPolicy', 'SesNotificationsPolicy');
    const topic = sesTopic(dev);
    expect(topic.inputs.fifoTopic).toBe(false);
    expect(policy.inputs.arn).toBe(topic.state.arn);
    expect(statementsOf(String(policy.inputs.policy))).toEqual([
      {
        Sid: 'AllowSesPublish',
        Effect: 'Allow',
        Principal: { Service: 'ses.amazonaws.com' },
        Action: ['SNS:Publish'],
        Resource: [topic.state.arn],
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      },
    ]);
    expect(dev.outputs.SesTopicArn).toBe(topic.state.arn);
  });
  it('SNS invokes the ses-sns function directly (no HTTPS subscription by default)', () => {
    const f = lambdaOf(dev, 'functions/subscriber.handler#ses');
    const subscriptions = ofType(dev, 'aws:sns/topicSubscription:TopicSubscription');
    expect(subscriptions.map((s) => s.inputs)).toEqual([
      { topic: sesTopic(dev).state.arn, protocol: 'lambda', endpoint: f.lambda.state.arn },
    ]);
    const [subscriber] = ofType(dev, 'sst:aws:SnsTopicLambdaSubscriber');
    const permission = childrenOf(dev, 'sst:aws:SnsTopicLambdaSubscriber', String(subscriber?.name))
      .filter((r) => r.type === 'aws:lambda/permission:Permission')
      .map((p) => p.inputs);
    expect(permission).toEqual([
      {
        action: 'lambda:InvokeFunction',
        function: f.lambda.state.arn,
        principal: 'sns.amazonaws.com',
        sourceArn: sesTopic(dev).state.arn,
      },
    ]);
  });
  it('failed async invocations go to SesSnsDlq after 2 retries', () => {
    const f = lambdaOf(dev, 'functions/subscriber.handler#ses');
    const [config, ...others] = ofType(
      dev,
      'aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig',
    );
    expect(others).toEqual([]);
    expect(config?.inputs).toEqual({
      functionName: f.lambda.state.name,
      maximumRetryAttempts: 2,
      destinationConfig: { onFailure: { destination: queue(dev, 'SesSnsDlq').state.arn } },
    });
  });
  it('a configuration set rebound-<stage> publishes the bounce-related events to the topic', () => {
    const set = named(dev, 'aws:sesv2/configurationSet:ConfigurationSet', 'SesConfigurationSet');
    expect(set.inputs).toEqual({ configurationSetName: 'rebound-dev' });
    const destination = named(
      dev,
      'aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination',
      'SesEventDestination',
    );
    expect(destination.inputs).toEqual({
      configurationSetName: 'rebound-dev',
      eventDestinationName: 'rebound-dev',
      eventDestination: {
        enabled: true,
        matchingEventTypes: [
          'BOUNCE',
          'COMPLAINT',
          'DELIVERY',
          'DELIVERY_DELAY',
          'REJECT',
          'RENDERING_FAILURE',
          'SUBSCRIPTION',
        ],
        snsDestination: { topicArn: sesTopic(dev).state.arn },
      },
    });
    expect(
      destination.options.dependencies.some((u) => u.endsWith('::SesNotificationsPolicy')),
    ).toBe(true);
    expect(dev.outputs.SesConfigurationSet).toBe('rebound-dev');
    expect(named(prod, set.type, set.name).inputs).toEqual({
      configurationSetName: 'rebound-production',
    });
  });
});

describe('alarms', () => {
  it('exactly the alarms of the table, each notifying the Alerts topic', () => {
    const alarms = ofType(dev, 'aws:cloudwatch/metricAlarm:MetricAlarm');
    expect(alarms.map((a) => a.name).sort()).toEqual(
      [...Object.keys(ALARMS), ...Object.keys(RATE_ALARMS)].sort(),
    );
    const alerts = named(dev, 'aws:sns/topic:Topic', 'AlertsTopic').state.arn;
    for (const a of alarms.filter((x) => !(x.name in RATE_ALARMS))) {
      expect(a.inputs, a.name).toMatchObject({
        alarmActions: [alerts],
        okActions: [alerts],
        comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
        period: a.name === 'RetriesGivenUpAlarm' ? 3600 : 300,
      });
    }
    expect(dev.outputs.AlertsTopicArn).toBe(alerts);
  });
  it('the Rebound metrics the alarms watch are ones the runtime emits', () => {
    const watched = ofType(dev, 'aws:cloudwatch/metricAlarm:MetricAlarm')
      .filter((a) => a.inputs.namespace === 'Rebound')
      .map((a) => String(a.inputs.metricName));
    expect(watched.sort()).toEqual([
      'ConfigErrors',
      'PolicyBlocks',
      'RetriesGivenUp',
      'VerificationFailures',
    ]);
    const source = readFileSync(join(ROOT, 'packages/aws/src/observability.ts'), 'utf8');
    expect(source).toContain("namespace: 'Rebound'");
    for (const metric of watched) expect(source).toContain(`'${metric}'`);
  });
  it.each(Object.entries(RATE_ALARMS))('%s: metric math, guarded by volume', (name, want) => {
    const a = named(dev, 'aws:cloudwatch/metricAlarm:MetricAlarm', name).inputs;
    const alerts = named(dev, 'aws:sns/topic:Topic', 'AlertsTopic').state.arn;
    expect(a).toMatchObject({
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: want.threshold,
      evaluationPeriods: 1,
      treatMissingData: 'notBreaching',
      alarmActions: [alerts],
      okActions: [alerts],
    });
    expect(a.metricName).toBeUndefined();
    const queries = a.metricQueries as {
      id: string;
      expression?: string;
      returnData: boolean;
      metric?: Record<string, unknown>;
    }[];
    const inputs = queries.filter((q) => q.metric);
    expect(inputs.map((q) => [q.id, q.metric?.metricName])).toEqual([
      ['delivered', 'Delivered'],
      ['hard', 'HardBounces'],
      ['complaints', 'Complaints'],
    ]);
    for (const q of inputs) {
      expect(q).toMatchObject({ returnData: false });
      expect(q.metric).toMatchObject({
        namespace: 'Rebound',
        dimensions: { service: 'rebound' },
        stat: 'Sum',
        period: 3600,
      });
    }
    const out = queries.filter((q) => q.returnData);
    expect(out).toHaveLength(1);
    // the minimum volume guards the division: 1 complaint in 3 mails does not page
    const expression = String(out[0]?.expression);
    expect(expression).toContain('>= 500');
    expect(expression).toContain(
      want.rate === 'complaint'
        ? 'FILL(complaints, 0) / FILL(delivered, 0)'
        : '100 * FILL(hard, 0)',
    );
    // the counts are ones the runtime publishes
    const source = readFileSync(join(ROOT, 'packages/aws/src/rates/rate-metrics.ts'), 'utf8');
    for (const q of inputs) expect(source).toContain(`'${String(q.metric?.metricName)}'`);
  });
  it.each(Object.entries(ALARMS))('%s', (name, want) => {
    const a = named(dev, 'aws:cloudwatch/metricAlarm:MetricAlarm', name).inputs;
    if ('ns' in want) {
      expect(a).toMatchObject({
        namespace: want.ns,
        metricName: want.metric,
        dimensions: { service: 'rebound' },
        statistic: want.stat,
        threshold: want.threshold,
        evaluationPeriods: 'evaluationPeriods' in want ? want.evaluationPeriods : 1,
        period: 'period' in want ? want.period : 300,
      });
      expect(a.datapointsToAlarm).toBe(
        'datapointsToAlarm' in want ? want.datapointsToAlarm : undefined,
      );
    } else if ('queue' in want) {
      expect(a).toMatchObject({
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: queue(dev, want.queue).state.name },
        statistic: 'Maximum',
        threshold: 0,
      });
    } else {
      expect(a).toMatchObject({
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        statistic: 'Sum',
        threshold: 0,
      });
      // SST creates the Lambda inside an apply over its links: linking a secret makes its name
      // a secret output (shown as [secret] in a diff; the alarm itself is unaffected).
      expect(unwrap(a.dimensions)).toEqual({
        FunctionName: lambdaOf(dev, want.handler).lambda.state.name,
      });
    }
  });
});

describe('outputs', () => {
  it('a default stage prints exactly these outputs', () => {
    expect(Object.keys(dev.outputs).filter((k) => k !== '_protect')).toEqual(DEFAULT_OUTPUTS);
  });
  it('queues, API and tables point at the deployed resources', () => {
    expect(dev.outputs).toMatchObject({
      RetryQueueUrl: queue(dev, 'RetryQueueSqs').state.url,
      RetryDueQueueUrl: queue(dev, 'RetryDueQueueSqs').state.url,
      SuppressionApiUrl: lambdaOf(dev, 'functions/suppression-api.handler').url?.state.functionUrl,
      SenderPolicyArn: named(dev, 'aws:iam/policy:Policy', 'SenderPolicy').state.arn,
    });
    expect(unwrap(dev.outputs.SenderPolicy)).toBe(
      named(dev, 'aws:iam/policy:Policy', 'SenderPolicy').inputs.policy,
    );
  });
});
