/**
 * Offline wiring test: evaluates sst.config.ts against recording stand-ins for SST's globals
 * and asserts the topology: resources, runtimes, links, exact IAM actions, queues, alarms.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  deploy,
  effectivePermissions,
  loadConfig,
  type SstConfig,
  seconds,
} from './wiring-helpers.ts';

let config: SstConfig;
beforeAll(async () => {
  config = await loadConfig();
});

const WEBHOOK_DATA = ['Suppressions', 'State', 'RetryQueue', 'WebhookGrant'];
/** Handler → the exact links (names, permissions come only through grants) and secrets. */
const EXPECTED_LINKS: Record<string, string[]> = {
  'functions/sendgrid-webhook.handler': [...WEBHOOK_DATA, 'SendgridPublicKeys'],
  'functions/postmark-webhook.handler': [...WEBHOOK_DATA, 'PostmarkCredentials'],
  'functions/ses-webhook.handler': [...WEBHOOK_DATA, 'SnsTopicAllowlist'],
  'functions/ses-sns.handler': [...WEBHOOK_DATA, 'SesSnsFailureGrant'],
  'functions/retry-worker.handler': [
    'Suppressions',
    'State',
    'RetryQueue',
    'RetryDueQueue',
    'WorkerGrant',
  ],
  'functions/suppression-api.handler': ['Suppressions', 'ApiGrant', 'SuppressionApiKey'],
};
const SUPP = '<SuppressionsTable.arn>';
const STATE = '<StateTable.arn>';
const RETRY = '<RetryQueueSqs.arn>';
const DUE = '<RetryDueQueueSqs.arn>';
const d = (...a: string[]) => a.map((x) => `dynamodb:${x}`).sort();
const WEBHOOK_IAM = {
  [SUPP]: d('BatchGetItem', 'PutItem'),
  [STATE]: d('BatchGetItem', 'PutItem', 'DeleteItem', 'BatchWriteItem'),
  [RETRY]: ['sqs:SendMessage'],
};
/** Handler → resource → the exact actions the function may perform there. */
const EXPECTED_IAM: Record<string, Record<string, string[]>> = {
  'functions/sendgrid-webhook.handler': WEBHOOK_IAM,
  'functions/postmark-webhook.handler': WEBHOOK_IAM,
  'functions/ses-webhook.handler': WEBHOOK_IAM,
  'functions/ses-sns.handler': { ...WEBHOOK_IAM, '<SesSnsDlq.arn>': ['sqs:SendMessage'] },
  'functions/retry-worker.handler': {
    [SUPP]: d('BatchGetItem'),
    [STATE]: d('BatchGetItem', 'PutItem'),
    [RETRY]: ['sqs:SendMessage'],
    [DUE]: ['sqs:SendMessage'],
  },
  'functions/suppression-api.handler': {
    [SUPP]: d('GetItem', 'BatchGetItem', 'PutItem'),
  },
};

describe('app()', () => {
  it.each([
    ['production', 'retain', true],
    ['dev', 'remove', false],
    ['pr-42', 'remove', false],
  ])('stage %s: removal %s, protect %s', (stage, removal, protect) => {
    expect(config.app({ stage })).toMatchObject({ name: 'rebound', home: 'aws', removal, protect });
  });
});

describe('tables', () => {
  it.each([
    ['SuppressionsTable', 'email'],
    ['StateTable', 'pk'],
  ])(
    '%s: string key %s, TTL expiresAt, deletion protection only in production',
    async (name, key) => {
      for (const [stage, protect] of [
        ['production', true],
        ['dev', false],
      ] as const) {
        const t = (await deploy(config, stage)).byName(name);
        expect(t.type).toBe('sst.aws.Dynamo');
        expect(t.args).toMatchObject({
          fields: { [key]: 'string' },
          primaryIndex: { hashKey: key },
        });
        expect(t.args).toMatchObject({ ttl: 'expiresAt', deletionProtection: protect });
      }
    },
  );
  it('name-only links carry the contract names and no permissions', async () => {
    const { byName } = await deploy(config, 'dev');
    for (const [link, prop, value] of [
      ['Suppressions', 'name', '<SuppressionsTable.name>'],
      ['State', 'name', '<StateTable.name>'],
      ['RetryQueue', 'url', '<RetryQueueSqs.url>'],
      ['RetryDueQueue', 'url', '<RetryDueQueueSqs.url>'],
    ]) {
      const l = byName(link as string);
      expect(l.type).toBe('sst.Linkable');
      expect(l.args.properties).toEqual({ [prop as string]: value });
      expect(l.args.include ?? []).toEqual([]);
    }
  });
});

describe('queues', () => {
  it.each([
    ['RetryQueueSqs', 'RetryDlq'],
    ['RetryDueQueueSqs', 'RetryDueDlq'],
  ])('%s redrives to %s after 5 receives; the DLQ keeps 14 days', async (queue, dlq) => {
    const { byName } = await deploy(config, 'dev');
    expect(byName(queue).args.dlq).toEqual({ queue: `<${dlq}.arn>`, retry: 5 });
    const transform = (byName(dlq).args.transform as { queue: (a: object) => void }).queue;
    const queueArgs: Record<string, unknown> = {};
    transform(queueArgs);
    expect(queueArgs.messageRetentionSeconds).toBe(1_209_600);
  });
  it('the retry worker consumes RetryQueue with partial batch responses; visibility >= 6x timeout', async () => {
    const { recorded, byName, fns } = await deploy(config, 'dev');
    const subs = recorded.filter((r) => r.type === 'sst.aws.Queue#subscribe');
    expect(subs.map((s) => s.args.target)).toEqual(['RetryQueueSqs']);
    expect(subs[0]?.args.batch).toMatchObject({ partialResponses: true, size: 10 });
    const worker = fns.find((f) => f.handler === 'functions/retry-worker.handler')!;
    expect(worker.source).toBe('RetryQueueSqs#subscribe');
    for (const q of ['RetryQueueSqs', 'RetryDueQueueSqs']) {
      const visibility = seconds(byName(q).args.visibilityTimeout as string);
      expect(visibility).toBeGreaterThanOrEqual(6 * seconds(worker.args.timeout as string));
    }
  });
});

describe('functions', () => {
  it('deploys exactly the six contract handlers', async () => {
    const { fns } = await deploy(config, 'dev');
    expect(fns.map((f) => f.handler).sort()).toEqual(Object.keys(EXPECTED_LINKS).sort());
  });
  it('every function: nodejs24.x, arm64, explicit memory/timeout, minified', async () => {
    const { fns } = await deploy(config, 'dev');
    for (const f of fns) {
      expect(f.args, f.handler).toMatchObject({ runtime: 'nodejs24.x', architecture: 'arm64' });
      expect(f.args.memory, f.handler).toMatch(/^\d+ MB$/);
      expect(seconds(f.args.timeout as string), f.handler).toBeGreaterThan(0);
      expect(f.args.nodejs, f.handler).toMatchObject({ minify: true });
    }
  });
  it.each(Object.entries(EXPECTED_LINKS))(
    '%s links exactly its names, grant and secrets',
    async (handler, links) => {
      const { fns } = await deploy(config, 'dev');
      const f = fns.find((x) => x.handler === handler)!;
      expect(f.links.map((l) => l.name).sort()).toEqual([...links].sort());
      // Never a table, queue or topic directly (those grant dynamodb:* / sqs:* / sns:*).
      for (const l of f.links) expect(['sst.Linkable', 'sst.Secret']).toContain(l.type);
      expect(f.args.permissions ?? []).toEqual([]);
    },
  );
  it.each(Object.entries(EXPECTED_IAM))('%s gets exactly its IAM actions', async (handler, iam) => {
    const { fns } = await deploy(config, 'dev');
    const f = fns.find((x) => x.handler === handler)!;
    expect(effectivePermissions(f)).toEqual(iam);
  });
  it('the three webhooks and the API are public Function URLs without CORS', async () => {
    const { fns } = await deploy(config, 'dev');
    const withUrl = fns.filter((f) => f.args.url !== undefined).map((f) => f.source);
    expect(withUrl.sort()).toEqual([
      'PostmarkWebhook',
      'SendgridWebhook',
      'SesWebhook',
      'SuppressionApi',
    ]);
    for (const f of fns.filter((x) => x.args.url)) {
      expect(f.args.url).toEqual({ authorization: 'none', cors: false });
    }
  });
});
