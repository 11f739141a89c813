/**
 * The ESP suppression-list sync under the mock deploy (infra/sync.ts): off by default (no
 * schedule, no function, no secrets), and with `REBOUND_SYNC` an hourly (or configured)
 * EventBridge schedule invoking `functions/sync.handler` with exactly the IAM actions the sync
 * uses (the SES ones only with SES), the secrets of the synced vendors only, no async retry,
 * an Errors alarm; bad settings stop the deploy; the handler bundles and starts as SST builds it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleSplitLikeSst } from '../../scripts/sst-bundle.ts';
import { DEV } from './scenarios.ts';
import {
  ALL_SECRETS,
  actionsByResource,
  componentOfHandler,
  type Deployment,
  fn,
  inlineStatements,
  mockDeploy,
  mockDeployError,
  named,
  ofType,
  scenario,
  unwrap,
} from './sst-mock/deploy.ts';
import { ensurePlatform, ROOT } from './sst-mock/platform.ts';

const SYNC_SECRETS = { SendgridApiKey: 'SG.sync-key', PostmarkServerToken: 'pm-server-token' };
/** Every vendor synced, with both secrets set. */
const SYNC_ALL = scenario(
  { REBOUND_SYNC: 'ses,sendgrid,postmark', REBOUND_SYNC_POSTMARK_STREAMS: 'outbound, broadcast' },
  { secrets: { ...ALL_SECRETS, ...SYNC_SECRETS } },
);
/** SendGrid only, every six hours: no SES actions, no Postmark token. */
const SYNC_SENDGRID = scenario(
  { REBOUND_SYNC: 'sendgrid', REBOUND_SYNC_SCHEDULE: 'cron(0 */6 * * ? *)' },
  { secrets: { ...ALL_SECRETS, SendgridApiKey: SYNC_SECRETS.SendgridApiKey } },
);
/** SES only: no secret at all beyond the default stage's. */
const SYNC_SES = scenario({ REBOUND_SYNC: 'ses' });
/** SES sync on a stage with streams and erasure: the sync writes records like the webhooks. */
const SYNC_ERASURE = scenario(
  {
    REBOUND_SYNC: 'ses',
    REBOUND_ERASURE: 'true',
    REBOUND_STREAMS: 'marketing,transactional',
    REBOUND_STREAM_MAP: 'broadcast:marketing',
  },
  { secrets: { ...ALL_SECRETS, ErasureKey: 'erasure-key-0123456789' } },
);

const unavailable = ensurePlatform();
let all: Record<'off' | 'everything' | 'sendgrid' | 'ses' | 'erasure', Deployment>;
beforeAll(async () => {
  if (unavailable) return;
  const [off, everything, sendgrid, ses, erasure] = await Promise.all(
    [DEV, SYNC_ALL, SYNC_SENDGRID, SYNC_SES, SYNC_ERASURE].map((s) => mockDeploy(s)),
  );
  all = { off: off!, everything: everything!, sendgrid: sendgrid!, ses: ses!, erasure: erasure! };
}, 300_000);
beforeEach((ctx) => {
  if (unavailable) ctx.skip(`mock deploy not run: ${unavailable}`);
});

const HANDLER = 'functions/sync.handler';
const ddb = (...a: string[]) => a.map((x) => `dynamodb:${x}`);
const tableArn = (d: Deployment, name: string) =>
  String(named(d, 'aws:dynamodb/table:Table', name).state.arn);
const syncFn = (d: Deployment) => fn(d, componentOfHandler(d, HANDLER));
const links = (d: Deployment) =>
  d.rpc.find(
    (c) => c.method === 'Runtime.Build' && c.args.functionID === componentOfHandler(d, HANDLER),
  )?.args.links as Record<string, Record<string, unknown>>;

describe('sync off (the default)', () => {
  it('deploys no schedule, no function, no role, no secret and no alarm for it', () => {
    const d = all.off;
    expect(ofType(d, 'sst:aws:Cron')).toEqual([]);
    expect(ofType(d, 'aws:cloudwatch/eventRule:EventRule')).toEqual([]);
    expect(ofType(d, 'aws:lambda/function:Function').map((f) => f.inputs.handler)).not.toContain(
      HANDLER,
    );
    const secrets = ofType(d, 'sst:sst:Secret').map((s) => s.name);
    expect(secrets).not.toContain('SendgridApiKey');
    expect(secrets).not.toContain('PostmarkServerToken');
    expect(JSON.stringify(d.resources.map((r) => r.inputs))).not.toMatch(/ses:\w+Suppressed/);
    expect(ofType(d, 'aws:cloudwatch/metricAlarm:MetricAlarm').map((a) => a.name)).not.toContain(
      'SyncErrorsAlarm',
    );
  });
});

describe('sync on', () => {
  it('an hourly EventBridge rule invokes the sync function, with no async retry', () => {
    const d = all.everything;
    const f = syncFn(d);
    const rule = named(d, 'aws:cloudwatch/eventRule:EventRule', 'SyncScheduleRule');
    expect(rule.inputs).toMatchObject({ scheduleExpression: 'rate(1 hour)', state: 'ENABLED' });
    const target = named(d, 'aws:cloudwatch/eventTarget:EventTarget', 'SyncScheduleTarget');
    expect(unwrap(target.inputs.arn)).toBe(f.lambda.state.arn);
    expect(target.inputs.rule).toBe(rule.state.name);
    const permission = named(d, 'aws:lambda/permission:Permission', 'SyncSchedulePermission');
    expect(permission.inputs).toMatchObject({
      action: 'lambda:InvokeFunction',
      principal: 'events.amazonaws.com',
      sourceArn: rule.state.arn,
    });
    const retry = named(
      d,
      'aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig',
      'SyncScheduleHandlerEventInvokeConfig',
    );
    expect(retry.inputs.maximumRetryAttempts).toBe(0);
    expect(all.sendgrid.resources.find((r) => r.name === 'SyncScheduleRule')?.inputs).toMatchObject(
      { scheduleExpression: 'cron(0 */6 * * ? *)' },
    );
  });

  it('the function: Node 24 on arm64, 15 minutes, 512 MB, the vendors in REBOUND_SYNC', () => {
    const { lambda } = syncFn(all.everything);
    expect(lambda.inputs).toMatchObject({
      handler: HANDLER,
      runtime: 'nodejs24.x',
      architectures: ['arm64'],
      memorySize: 512,
      timeout: 900,
    });
    const build = all.everything.rpc.find(
      (c) =>
        c.method === 'Runtime.Build' &&
        c.args.functionID === componentOfHandler(all.everything, HANDLER),
    );
    expect(build?.args).toMatchObject({
      handler: HANDLER,
      runtime: 'nodejs24.x',
      properties: { architecture: 'arm64', minify: true, sourcemap: false, splitting: true },
    });
    const env = (lambda.inputs.environment as { variables: Record<string, string> }).variables;
    expect(env).toMatchObject({
      REBOUND_SYNC: 'ses,sendgrid,postmark',
      REBOUND_SYNC_POSTMARK_STREAMS: 'outbound,broadcast',
      POWERTOOLS_SERVICE_NAME: 'rebound',
    });
    const only = (syncFn(all.sendgrid).lambda.inputs.environment as { variables: object })
      .variables;
    expect(only).toMatchObject({ REBOUND_SYNC: 'sendgrid' });
    expect(only).not.toHaveProperty('REBOUND_SYNC_POSTMARK_STREAMS');
  });

  it('IAM: exactly the DynamoDB actions it uses, SES list actions only with SES', () => {
    const tables = (d: Deployment) => ({
      [tableArn(d, 'SuppressionsTableTable')]: ddb('BatchGetItem', 'PutItem', 'Scan'),
      [tableArn(d, 'StateTableTable')]: ddb('BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem'),
    });
    const ses = [
      'ses:DeleteSuppressedDestination',
      'ses:ListSuppressedDestinations',
      'ses:PutSuppressedDestination',
    ];
    for (const [d, withSes] of [
      [all.everything, true],
      [all.ses, true],
      [all.sendgrid, false],
    ] as const) {
      const statements = inlineStatements(syncFn(d).role);
      for (const s of statements) {
        expect(s.Effect).toBe('Allow');
        expect(s.Condition).toBeUndefined();
      }
      expect(actionsByResource(statements)).toEqual({
        ...tables(d),
        ...(withSes ? { '*': ses } : {}),
      });
      // `*` only for the SES actions, which have no resource type.
      for (const s of statements.filter((x) => x.Resource.includes('*'))) {
        expect(s.Action.sort()).toEqual(ses);
      }
    }
  });

  it('only Lambda may assume its role; basic logging is its only managed policy', () => {
    const { role } = syncFn(all.everything);
    expect(JSON.parse(String(role.inputs.assumeRolePolicy))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'lambda.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    expect(role.inputs.managedPolicyArns).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    ]);
  });

  it('links the tables, its grant and the secrets of the synced vendors only', () => {
    const everything = links(all.everything);
    expect(Object.keys(everything).sort()).toEqual(
      ['PostmarkServerToken', 'SendgridApiKey', 'State', 'Suppressions', 'SyncGrant'].sort(),
    );
    expect(everything.SendgridApiKey?.value).toBe(SYNC_SECRETS.SendgridApiKey);
    expect(everything.PostmarkServerToken?.value).toBe(SYNC_SECRETS.PostmarkServerToken);
    expect(everything.Suppressions?.name).toBe(
      named(all.everything, 'aws:dynamodb/table:Table', 'SuppressionsTableTable').state.name,
    );
    expect(Object.keys(links(all.sendgrid)).sort()).toEqual(
      ['SendgridApiKey', 'State', 'Suppressions', 'SyncGrant'].sort(),
    );
    expect(Object.keys(links(all.ses)).sort()).toEqual(['State', 'Suppressions', 'SyncGrant']);
    const secrets = (d: Deployment) => ofType(d, 'sst:sst:Secret').map((s) => s.name);
    expect(secrets(all.ses)).toEqual(secrets(all.off));
    expect(secrets(all.sendgrid)).toEqual([...secrets(all.off), 'SendgridApiKey']);
  });

  it('with streams and erasure, it gets the ErasureKey and the stream settings like the webhooks', () => {
    const d = all.erasure;
    expect(links(d).ErasureKey?.value).toBe('erasure-key-0123456789');
    const env = (syncFn(d).lambda.inputs.environment as { variables: Record<string, string> })
      .variables;
    expect(env).toMatchObject({
      REBOUND_SYNC: 'ses',
      REBOUND_STREAMS: 'marketing,transactional',
      REBOUND_STREAM_MAP: 'broadcast:marketing',
    });
    const webhook = fn(d, componentOfHandler(d, 'functions/subscriber.handler#ses')).lambda;
    const webhookEnv = (webhook.inputs.environment as { variables: Record<string, string> })
      .variables;
    for (const k of Object.keys(webhookEnv).filter((k) => k.startsWith('REBOUND_STREAM'))) {
      expect(env[k], k).toBe(webhookEnv[k]);
    }
    expect(links(all.everything).ErasureKey).toBeUndefined();
  });

  it('an Errors alarm on the function goes to the Alerts topic', () => {
    const d = all.everything;
    const alarm = named(d, 'aws:cloudwatch/metricAlarm:MetricAlarm', 'SyncErrorsAlarm');
    const topic = named(d, 'aws:sns/topic:Topic', 'AlertsTopic');
    expect(alarm.inputs).toMatchObject({
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      threshold: 0,
      alarmActions: [topic.state.arn],
    });
    expect(unwrap<{ FunctionName: string }>(alarm.inputs.dimensions).FunctionName).toBe(
      syncFn(d).lambda.state.name,
    );
  });
});

describe('sync settings that stop the deploy', () => {
  it.each([
    [
      { REBOUND_SYNC: 'ses,mailchimp' },
      'REBOUND_SYNC: unknown vendor mailchimp (known: ses, sendgrid, postmark)',
    ],
    [
      { REBOUND_SYNC: 'ses', REBOUND_SYNC_SCHEDULE: 'every hour' },
      'REBOUND_SYNC_SCHEDULE must be an EventBridge rate(…) or cron(…) expression, not "every hour"',
    ],
    [
      { REBOUND_SYNC_SCHEDULE: 'rate(1 day)' },
      'REBOUND_SYNC_SCHEDULE set, but REBOUND_SYNC does not sync that vendor',
    ],
    [
      { REBOUND_SYNC: 'ses', REBOUND_SYNC_POSTMARK_STREAMS: 'outbound' },
      'REBOUND_SYNC_POSTMARK_STREAMS set, but REBOUND_SYNC does not sync that vendor',
    ],
  ])('%j', async (env, message) => {
    expect(await mockDeployError(scenario(env))).toContain(message);
  });
  it.each([
    ['sendgrid', 'SendgridApiKey'],
    ['postmark', 'PostmarkServerToken'],
  ])('syncing %s without %s set', async (vendor, secret) => {
    const error = await mockDeployError(scenario({ REBOUND_SYNC: vendor }));
    expect(error).toContain(`Set a value for ${secret} with \`sst secret set ${secret} <value>\``);
  });
});

describe('the sync handler bundle', () => {
  it('bundles as SST builds it (code splitting) and starts under SST links', {
    timeout: 120_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rebound-sync-bundle-'));
    const { errors } = await bundleSplitLikeSst(join(ROOT, 'functions', 'sync.ts'), dir);
    expect(errors).toEqual([]);
    const out = join(dir, 'sync.mjs');
    const linked = (name: string, value: object) => [`SST_RESOURCE_${name}`, JSON.stringify(value)];
    const script = `const m = await import(${JSON.stringify(pathToFileURL(out).href)}); process.stdout.write(typeof m.handler);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        POWERTOOLS_METRICS_DISABLED: 'true',
        REBOUND_SYNC: 'ses,sendgrid,postmark',
        ...Object.fromEntries([
          linked('App', { name: 'rebound', stage: 'test' }),
          linked('Suppressions', { name: 'sst-suppressions' }),
          linked('State', { name: 'sst-state' }),
          linked('SendgridApiKey', { value: 'SG.k' }),
          linked('PostmarkServerToken', { value: 'pm' }),
        ]),
      },
      encoding: 'utf8',
    });
    expect(r.stderr.slice(-500)).toBe('');
    expect(r.stdout).toBe('function');
  });
});
