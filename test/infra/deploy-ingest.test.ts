/**
 * The ingestion paths under the mock deploy: the opt-in generic and raw mail webhooks, and SES
 * receiving for a bounce domain (REBOUND_BOUNCE_DOMAIN): exact resources (bucket, encryption,
 * public access block, expiry, bucket policy; rule set, rule, invoke permission; the receiver,
 * its on-failure queue and alarms), exact IAM (GetObject on the prefix, nothing else), the rule
 * set designs (Rebound's own, activated only when asked; a rule added to the user's set), and
 * the settings that stop a deploy before anything changes.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEV } from './scenarios.ts';
import {
  actionsByResource,
  componentOfHandler,
  type Deployment,
  fn,
  functionComponents,
  handlerKey,
  inlineStatements,
  mockDeploy,
  mockDeployError,
  named,
  ofType,
  scenario,
  statementsOf,
} from './sst-mock/deploy.ts';
import { ACCOUNT } from './sst-mock/mocks.ts';
import { ensurePlatform } from './sst-mock/platform.ts';

const unavailable = ensurePlatform();
beforeEach((ctx) => {
  if (unavailable) ctx.skip(`mock deploy not run: ${unavailable}`);
});

const DOMAIN = 'bounces.example.com';
/** Every source, SES receiving with Rebound's own (inactive) rule set. */
const INGEST = scenario({
  REBOUND_VENDORS: 'ses,sendgrid,postmark,generic,mail',
  REBOUND_BOUNCE_DOMAIN: DOMAIN,
});
/** The rule added to the account's existing (active) set. */
const EXISTING_SET = scenario({
  REBOUND_VENDORS: 'sendgrid',
  REBOUND_BOUNCE_DOMAIN: DOMAIN,
  REBOUND_SES_RULE_SET: 'company-inbound',
});
/** Rebound's own set, activated because the deploy asks. */
const ACTIVATE = scenario({
  REBOUND_VENDORS: 'postmark',
  REBOUND_BOUNCE_DOMAIN: DOMAIN,
  REBOUND_SES_ACTIVATE_RULE_SET: 'true',
  REBOUND_INBOUND_RETENTION_DAYS: '3',
});
const GENERIC_ONLY = scenario({ REBOUND_VENDORS: 'generic' });
/** Production with a bounce domain. */
const PRODUCTION_INBOUND = scenario(
  { REBOUND_VENDORS: 'sendgrid', REBOUND_BOUNCE_DOMAIN: DOMAIN },
  { stage: 'production' },
);

let d: Deployment;
let dev: Deployment;
let existing: Deployment;
let activate: Deployment;
let generic: Deployment;
let production: Deployment;
beforeAll(async () => {
  if (unavailable) return;
  [d, dev, existing, activate, generic, production] = await Promise.all([
    mockDeploy(INGEST),
    mockDeploy(DEV),
    mockDeploy(EXISTING_SET),
    mockDeploy(ACTIVATE),
    mockDeploy(GENERIC_ONLY),
    mockDeploy(PRODUCTION_INBOUND),
  ]);
}, 240_000);

const RECEIVER = 'functions/subscriber.handler#mail';
const receiver = (x: Deployment) => fn(x, componentOfHandler(x, RECEIVER));
const bucket = (x: Deployment) => named(x, 'aws:s3/bucket:Bucket', 'InboundMailBucket');
const queueArn = (x: Deployment, name: string) =>
  String(named(x, 'aws:sqs/queue:Queue', `${name}Queue`).state.arn);
const tableArn = (x: Deployment, name: string) =>
  String(named(x, 'aws:dynamodb/table:Table', `${name}Table`).state.arn);
const ruleArn = (set: string) =>
  `arn:aws:ses:us-east-1:${ACCOUNT}:receipt-rule-set/${set}:receipt-rule/rebound-dev`;
const links = (x: Deployment, handler: string) =>
  Object.keys(
    x.rpc.find(
      (c) => c.method === 'Runtime.Build' && c.args.functionID === componentOfHandler(x, handler),
    )?.args.links as object,
  ).sort();

/** The resource types only SES receiving brings, and how many of each. */
const INBOUND_TYPES = {
  'aws:s3/bucket:Bucket': 1,
  'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration': 1,
  'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock': 1,
  'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration': 1,
  'aws:s3/bucketPolicy:BucketPolicy': 1,
  'aws:ses/receiptRuleSet:ReceiptRuleSet': 1,
  'aws:ses/receiptRule:ReceiptRule': 1,
  'aws:ses/activeReceiptRuleSet:ActiveReceiptRuleSet': 0,
} as const;

describe('opt-in sources', () => {
  it('a default stage deploys neither the generic nor the mail webhook, nor SES receiving', () => {
    const handlers = functionComponents(dev).map((c) => handlerKey(dev, c));
    expect(handlers.filter((h) => /#(generic|mail)$/.test(h))).toEqual([]);
    for (const type of Object.keys(INBOUND_TYPES)) expect(ofType(dev, type), type).toEqual([]);
    expect(ofType(dev, 'sst:sst:Secret').map((s) => s.name)).not.toContain('GenericWebhookSecrets');
  });
  it('REBOUND_VENDORS=generic deploys that webhook alone (its secret `pending` until set)', () => {
    const handlers = functionComponents(generic)
      .map((c) => handlerKey(generic, c))
      .sort();
    expect(handlers).toEqual([
      'functions/reclassify.handler',
      'functions/retry-worker.handler',
      'functions/suppression-api.handler',
      'functions/webhook.handler#generic',
    ]);
    expect(ofType(generic, 'sst:sst:Secret').map((s) => s.name)).toEqual([
      'GenericWebhookSecrets',
      'SuppressionApiKey',
    ]);
  });
  it.each([
    ['generic', 'GenericWebhookSecrets', 512, 30, 20],
    ['mail', 'MailWebhookSecrets', 512, 30, 10],
  ])(
    'the %s webhook: public URL, its own secret, size and reserved concurrency',
    (id, secret, memory, timeout, reserved) => {
      const handler = `functions/webhook.handler#${id}`;
      const f = fn(d, componentOfHandler(d, handler));
      expect(f.lambda.inputs).toMatchObject({
        memorySize: memory,
        timeout,
        reservedConcurrentExecutions: reserved,
      });
      expect(f.url?.inputs).toMatchObject({ authorizationType: 'NONE' });
      expect(links(d, handler)).toEqual(
        ['RetryQueue', secret, 'State', 'Suppressions', 'WebhookGrant'].sort(),
      );
      const output = `${id === 'generic' ? 'Generic' : 'Mail'}WebhookUrl`;
      expect(d.outputs[output]).toBe(`${f.url?.state.functionUrl}webhooks/${id}`);
    },
  );
});

describe('SES receiving: the bucket', () => {
  it('exactly the receiving resources, once each', () => {
    for (const [type, n] of Object.entries(INBOUND_TYPES))
      expect(ofType(d, type), type).toHaveLength(n);
  });
  it('SSE-S3 encryption, every public access blocked, emptied on remove outside production', () => {
    const b = bucket(d);
    expect(b.inputs).toEqual({ forceDestroy: true });
    const name = b.state.bucket;
    expect(
      ofType(
        d,
        'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
      )[0]?.inputs,
    ).toEqual({
      bucket: name,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    expect(ofType(d, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock')[0]?.inputs).toEqual({
      bucket: name,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  });
  it('production keeps its bucket (SST retains it; never emptied by a remove); only it and the tables', () => {
    const b = bucket(production);
    expect(b.inputs).toEqual({ forceDestroy: false });
    expect(b.options.retainOnDelete).toBe(true);
    const retained = production.resources
      .filter((r) => r.options.retainOnDelete)
      .map((r) => r.type);
    expect(retained.sort()).toEqual([
      'aws:dynamodb/table:Table',
      'aws:dynamodb/table:Table',
      'aws:s3/bucket:Bucket',
    ]);
    expect(ofType(production, 'aws:ses/receiptRule:ReceiptRule')[0]?.inputs).toMatchObject({
      name: 'rebound-production',
      ruleSetName: 'rebound-production',
    });
  });
  it.each([
    ['by default', () => d, 14],
    ['REBOUND_INBOUND_RETENTION_DAYS=3', () => activate, 3],
  ])('every object expires (%s)', (_name, x, days) => {
    expect(
      ofType(x(), 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration')[0]?.inputs,
    ).toEqual({
      bucket: bucket(x()).state.bucket,
      rules: [{ id: 'expire-inbound-mail', status: 'Enabled', filter: {}, expiration: { days } }],
    });
  });
  it('the policy: only SES, for this account and this rule, may put under inbound/; no plain HTTP', () => {
    const b = bucket(d);
    const policy = ofType(d, 'aws:s3/bucketPolicy:BucketPolicy')[0]!;
    expect(policy.inputs.bucket).toBe(b.state.bucket);
    expect(
      policy.options.dependencies.some((u) => u.endsWith('::InboundMailPublicAccessBlock')),
    ).toBe(true);
    expect(statementsOf(String(policy.inputs.policy))).toEqual([
      {
        Sid: 'AllowSesPuts',
        Effect: 'Allow',
        Principal: { Service: 'ses.amazonaws.com' },
        Action: ['s3:PutObject'],
        Resource: [`${b.state.arn}/inbound/*`],
        Condition: {
          StringEquals: { 'aws:SourceAccount': ACCOUNT },
          ArnLike: { 'aws:SourceArn': ruleArn('rebound-dev') },
        },
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: ['s3:*'],
        Resource: [String(b.state.arn), `${b.state.arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });
});

describe('SES receiving: the rule', () => {
  it('stores the mail under inbound/, then invokes the receiver asynchronously', () => {
    const rule = ofType(d, 'aws:ses/receiptRule:ReceiptRule')[0]!;
    expect(rule.inputs).toEqual({
      name: 'rebound-dev',
      ruleSetName: 'rebound-dev',
      recipients: [DOMAIN],
      enabled: true,
      scanEnabled: true,
      tlsPolicy: 'Optional',
      s3Actions: [{ position: 1, bucketName: bucket(d).state.bucket, objectKeyPrefix: 'inbound/' }],
      lambdaActions: [
        { position: 2, functionArn: receiver(d).lambda.state.arn, invocationType: 'Event' },
      ],
    });
    // SES checks its rights when the rule is created: the policy and the permission come first.
    const deps = rule.options.dependencies;
    for (const n of ['InboundMailSesInvoke', 'InboundMailBucketPolicy', 'InboundRuleSet']) {
      expect(
        deps.some((u) => u.endsWith(`::${n}`)),
        n,
      ).toBe(true);
    }
  });
  it('only SES, for this account and this rule, may invoke the receiver', () => {
    const permission = named(d, 'aws:lambda/permission:Permission', 'InboundMailSesInvoke');
    expect(permission.inputs).toEqual({
      action: 'lambda:InvokeFunction',
      function: receiver(d).lambda.state.name,
      principal: 'ses.amazonaws.com',
      sourceAccount: ACCOUNT,
      sourceArn: ruleArn('rebound-dev'),
    });
  });
  it("Rebound's own set is created, never activated unless asked", () => {
    expect(ofType(d, 'aws:ses/receiptRuleSet:ReceiptRuleSet')[0]?.inputs).toEqual({
      ruleSetName: 'rebound-dev',
    });
    expect(ofType(d, 'aws:ses/activeReceiptRuleSet:ActiveReceiptRuleSet')).toEqual([]);
    expect(d.outputs.InboundRuleSet).toBe('rebound-dev');
    expect(d.outputs.InboundMailBucket).toBe(bucket(d).state.bucket);
  });
  it('REBOUND_SES_ACTIVATE_RULE_SET=true activates that set (and only that one)', () => {
    expect(
      ofType(activate, 'aws:ses/activeReceiptRuleSet:ActiveReceiptRuleSet').map((r) => r.inputs),
    ).toEqual([{ ruleSetName: 'rebound-dev' }]);
  });
  it('REBOUND_SES_RULE_SET adds the rule to that set: no set created, nothing activated', () => {
    expect(ofType(existing, 'aws:ses/receiptRuleSet:ReceiptRuleSet')).toEqual([]);
    expect(ofType(existing, 'aws:ses/activeReceiptRuleSet:ActiveReceiptRuleSet')).toEqual([]);
    const rule = ofType(existing, 'aws:ses/receiptRule:ReceiptRule')[0]!;
    expect(rule.inputs).toMatchObject({ name: 'rebound-dev', ruleSetName: 'company-inbound' });
    const policy = statementsOf(
      String(ofType(existing, 'aws:s3/bucketPolicy:BucketPolicy')[0]?.inputs.policy),
    );
    expect(policy[0]?.Condition).toMatchObject({
      ArnLike: { 'aws:SourceArn': ruleArn('company-inbound') },
    });
    expect(existing.outputs.InboundRuleSet).toBe('company-inbound');
  });
});

describe('SES receiving: the receiver', () => {
  it('the generic direct entry with REBOUND_VENDOR=mail and its bucket; no URL, no reservation', () => {
    const f = receiver(d);
    expect(f.lambda.inputs).toMatchObject({
      handler: 'functions/subscriber.handler',
      memorySize: 512,
      timeout: 60,
    });
    expect(f.lambda.inputs.reservedConcurrentExecutions).toBeUndefined();
    expect(f.url).toBeUndefined();
    const env = (f.lambda.inputs.environment as { variables: Record<string, string> }).variables;
    expect(env.REBOUND_VENDOR).toBe('mail');
    expect(env.REBOUND_INBOUND_MAIL_BUCKET).toBe(bucket(d).state.bucket);
    expect(links(d, RECEIVER)).toEqual([
      'DirectGrant',
      'InboundMailFailureGrant',
      'InboundMailGrant',
      'RetryQueue',
      'State',
      'Suppressions',
    ]);
  });
  it('IAM: applying events, GetObject under inbound/ of its bucket, its DLQ; nothing else, no wildcard action', () => {
    const statements = inlineStatements(receiver(d).role);
    for (const s of statements) {
      expect(s.Effect).toBe('Allow');
      for (const a of s.Action) expect(a).toMatch(/^(dynamodb|sqs|s3):[A-Za-z]+$/);
    }
    expect(actionsByResource(statements)).toEqual(
      Object.fromEntries(
        Object.entries({
          [tableArn(d, 'SuppressionsTable')]: ['dynamodb:BatchGetItem', 'dynamodb:PutItem'],
          [tableArn(d, 'StateTable')]: [
            'dynamodb:BatchGetItem',
            'dynamodb:DeleteItem',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
          ],
          [queueArn(d, 'RetryQueueSqs')]: ['sqs:SendMessage'],
          // The object ARN's `*` is the key (a message id): the prefix is as narrow as S3 allows.
          [`${bucket(d).state.arn}/inbound/*`]: ['s3:GetObject'],
          [queueArn(d, 'InboundMailDlq')]: ['sqs:SendMessage'],
        }).sort(([a], [b]) => a.localeCompare(b)),
      ),
    );
  });
  it('Lambda retries twice, then the event goes to InboundMailDlq (14 days), which alarms', () => {
    const configs = ofType(d, 'aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig');
    expect(configs.find((c) => c.name === 'InboundMailReceiverInvokeConfig')?.inputs).toEqual({
      functionName: receiver(d).lambda.state.name,
      maximumRetryAttempts: 2,
      destinationConfig: { onFailure: { destination: queueArn(d, 'InboundMailDlq') } },
    });
    expect(
      named(d, 'aws:sqs/queue:Queue', 'InboundMailDlqQueue').inputs.messageRetentionSeconds,
    ).toBe(14 * 86_400);
    const alarms = ofType(d, 'aws:cloudwatch/metricAlarm:MetricAlarm').map((a) => a.name);
    for (const a of [
      'InboundMailDlqNotEmptyAlarm',
      'InboundMailReceiverErrorsAlarm',
      'GenericWebhookErrorsAlarm',
      'MailWebhookErrorsAlarm',
    ]) {
      expect(alarms).toContain(a);
    }
  });
  it('the data sources called are still only the ones the mock answers', () => {
    expect(new Set(d.calls.map((c) => c.token))).toEqual(
      new Set([
        'aws:index/getCallerIdentity:getCallerIdentity',
        'aws:index/getRegion:getRegion',
        'aws:index/getPartition:getPartition',
        'aws:iam/getPolicyDocument:getPolicyDocument',
      ]),
    );
  });
});

describe('receiving settings stop a bad deploy before anything changes', () => {
  it.each([
    [{ REBOUND_SES_RULE_SET: 'x' }, 'REBOUND_SES_RULE_SET set, but REBOUND_BOUNCE_DOMAIN is not'],
    [{ REBOUND_BOUNCE_DOMAIN: 'not a domain' }, 'REBOUND_BOUNCE_DOMAIN must be a domain name'],
    [
      {
        REBOUND_BOUNCE_DOMAIN: DOMAIN,
        REBOUND_SES_RULE_SET: 'company-inbound',
        REBOUND_SES_ACTIVATE_RULE_SET: 'true',
      },
      'REBOUND_SES_ACTIVATE_RULE_SET applies to the rule set Rebound creates',
    ],
    [
      { REBOUND_BOUNCE_DOMAIN: DOMAIN, REBOUND_SES_RULE_SET: 'bad name!' },
      'REBOUND_SES_RULE_SET must be an SES receipt rule set name',
    ],
    [
      { REBOUND_BOUNCE_DOMAIN: DOMAIN, REBOUND_INBOUND_RETENTION_DAYS: '0' },
      'REBOUND_INBOUND_RETENTION_DAYS must be a number of days',
    ],
  ])('%j', async (env, message) => {
    expect(await mockDeployError(scenario(env))).toContain(message);
  });
});
