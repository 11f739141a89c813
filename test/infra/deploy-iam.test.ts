/**
 * IAM under the mock deploy: each function role's inline policy document as SST renders it
 * (exact actions on exact ARNs, no `*`), checked against a literal table and against the
 * grants table in infra/access.ts; trust policies; the sending service's policy.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EVERYTHING } from './scenarios.ts';
import {
  actionsByResource,
  componentOfHandler,
  type Deployment,
  fn,
  functionComponents,
  inlineStatements,
  mockDeploy,
  named,
  ofType,
  statementsOf,
  unwrap,
} from './sst-mock/deploy.ts';
import { ensurePlatform, ROOT } from './sst-mock/platform.ts';

type Target =
  | 'suppressions'
  | 'state'
  | 'recentIndex'
  | 'retryQueue'
  | 'retryDueQueue'
  | 'sesSnsDlq'
  | 'inboundMail'
  | 'inboundMailDlq';
type GrantTable = Partial<Record<Target, readonly string[]>>;

const unavailable = ensurePlatform();
let d: Deployment;
/** infra/access.ts, loaded by URL (its SST globals stay out of the main tsconfig). */
let access: { GRANTS: Record<string, GrantTable>; SENDER_GRANTS: GrantTable };
beforeAll(async () => {
  if (unavailable) return;
  access = await import(pathToFileURL(join(ROOT, 'infra', 'access.ts')).href);
  d = await mockDeploy(EVERYTHING);
}, 120_000);
beforeEach((ctx) => {
  if (unavailable) ctx.skip(`mock deploy not run: ${unavailable}`);
});

const ddb = (...a: string[]) => a.map((x) => `dynamodb:${x}`);
/** What `sst.aws.Queue.subscribe` grants its consumer on the queue (SST, not Rebound). */
const CONSUMER = [
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ReceiveMessage',
];
/** Applying events (the direct subscriber): no settings to read. */
const APPLY: GrantTable = {
  suppressions: ddb('BatchGetItem', 'PutItem'),
  state: ddb('BatchGetItem', 'PutItem', 'UpdateItem', 'DeleteItem'),
  retryQueue: ['sqs:SendMessage'],
};
/**
 * An HTTP webhook also reads its runtime settings (settings#<vendor>) with GetItem; the
 * single-use ledger (Mailgun's tokens) needs exactly these PutItem and GetItem too.
 */
const WEBHOOK: GrantTable = {
  ...APPLY,
  state: ddb('GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'DeleteItem'),
};
/** Handler → target → exactly the actions its role may perform there (and nothing else). */
const ROLE_ACTIONS: Record<string, GrantTable> = {
  'functions/webhook.handler#sendgrid': WEBHOOK,
  'functions/webhook.handler#postmark': WEBHOOK,
  'functions/webhook.handler#mailgun': WEBHOOK,
  'functions/webhook.handler#resend': WEBHOOK,
  'functions/webhook.handler#ses': WEBHOOK,
  'functions/webhook.handler#generic': WEBHOOK,
  'functions/webhook.handler#mail': WEBHOOK,
  'functions/subscriber.handler#ses': { ...APPLY, sesSnsDlq: ['sqs:SendMessage'] },
  'functions/subscriber.handler#mail': {
    ...APPLY,
    inboundMail: ['s3:GetObject'],
    inboundMailDlq: ['sqs:SendMessage'],
  },
  'functions/retry-worker.handler': {
    suppressions: ddb('BatchGetItem'),
    state: ddb('BatchGetItem', 'PutItem'),
    retryQueue: ['sqs:SendMessage', ...CONSUMER],
    retryDueQueue: ['sqs:SendMessage'],
  },
  'functions/suppression-api.handler': {
    suppressions: ddb('GetItem', 'BatchGetItem', 'PutItem', 'Scan'),
    state: ddb('BatchGetItem'),
    recentIndex: ddb('Query'),
  },
  'functions/reclassify.handler': { suppressions: ddb('Scan', 'GetItem', 'PutItem') },
};
/** Handler → the grants (infra/access.ts roles) it links. */
const ROLE_GRANTS: Record<string, string[]> = {
  'functions/webhook.handler#sendgrid': ['webhook'],
  'functions/webhook.handler#postmark': ['webhook'],
  'functions/webhook.handler#mailgun': ['webhook'],
  'functions/webhook.handler#resend': ['webhook'],
  'functions/webhook.handler#ses': ['webhook'],
  'functions/webhook.handler#generic': ['webhook'],
  'functions/webhook.handler#mail': ['webhook'],
  'functions/subscriber.handler#ses': ['direct', 'sesSnsFailure'],
  'functions/subscriber.handler#mail': ['direct', 'inboundMail', 'inboundMailFailure'],
  'functions/retry-worker.handler': ['worker'],
  'functions/suppression-api.handler': ['api'],
  'functions/reclassify.handler': ['reclassify'],
};

/** Target → this deploy's ARN. */
function arns(): Record<Target, string> {
  const q = (name: string) => String(named(d, 'aws:sqs/queue:Queue', `${name}Queue`).state.arn);
  const t = (name: string) =>
    String(named(d, 'aws:dynamodb/table:Table', `${name}Table`).state.arn);
  return {
    suppressions: t('SuppressionsTable'),
    state: t('StateTable'),
    recentIndex: `${t('StateTable')}/index/recent`,
    retryQueue: q('RetryQueueSqs'),
    retryDueQueue: q('RetryDueQueueSqs'),
    sesSnsDlq: q('SesSnsDlq'),
    // The only ARN with a `*`: the object key (an SES message id) under the inbound prefix.
    inboundMail: `${String(named(d, 'aws:s3/bucket:Bucket', 'InboundMailBucket').state.arn)}/inbound/*`,
    inboundMailDlq: q('InboundMailDlq'),
  };
}

/** A grant table with targets replaced by ARNs and actions sorted (as actionsByResource gives). */
function byArn(table: GrantTable): Record<string, string[]> {
  const a = arns();
  return Object.fromEntries(
    Object.entries(table)
      .map(([target, actions]) => [a[target as Target], [...(actions ?? [])].sort()] as const)
      .sort(([x], [y]) => x.localeCompare(y)),
  );
}

describe('function roles', () => {
  it('one role per function, each with a non-empty inline policy', () => {
    const roles = ofType(d, 'aws:iam/role:Role');
    expect(roles).toHaveLength(functionComponents(d).length);
    expect(roles).toHaveLength(Object.keys(ROLE_ACTIONS).length);
    for (const role of roles) {
      expect(role.inputs.inlinePolicies, role.name).toHaveLength(1);
      expect(inlineStatements(role).length, role.name).toBeGreaterThan(0);
    }
  });
  it.each(Object.entries(ROLE_ACTIONS))(
    '%s: exactly its actions on exact ARNs',
    (handler, want) => {
      const { role } = fn(d, componentOfHandler(d, handler));
      const statements = inlineStatements(role);
      for (const s of statements) {
        expect(s.Effect).toBe('Allow');
        expect(s.Condition).toBeUndefined();
        for (const a of s.Action) expect(a, handler).toMatch(/^(dynamodb|sqs|s3):[A-Za-z]+$/);
        for (const r of s.Resource) {
          expect(r, handler).toMatch(/^arn:aws:((dynamodb|sqs):[^*]+|s3:::[^*]+\/inbound\/\*)$/);
        }
      }
      expect(actionsByResource(statements)).toEqual(byArn(want));
    },
  );
  it.each(Object.entries(ROLE_GRANTS))(
    '%s: its policy is the union of its grants in infra/access.ts',
    (handler, roles) => {
      const union: Record<string, Set<string>> = {};
      for (const role of roles) {
        for (const [target, actions] of Object.entries(access.GRANTS[role] ?? {})) {
          union[target] = new Set([...(union[target] ?? []), ...(actions ?? [])]);
        }
      }
      if (handler === 'functions/retry-worker.handler') {
        for (const a of CONSUMER) union.retryQueue?.add(a);
      }
      const table = Object.fromEntries(Object.entries(union).map(([k, v]) => [k, [...v]]));
      const { role } = fn(d, componentOfHandler(d, handler));
      expect(actionsByResource(inlineStatements(role))).toEqual(byArn(table));
      expect(byArn(table)).toEqual(byArn(ROLE_ACTIONS[handler] ?? {}));
    },
  );
  it('only Lambda may assume a role; the only managed policy is basic logging', () => {
    for (const role of ofType(d, 'aws:iam/role:Role')) {
      expect(JSON.parse(String(role.inputs.assumeRolePolicy)), role.name).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      });
      expect(role.inputs.managedPolicyArns, role.name).toEqual([
        'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      ]);
    }
  });
});

describe('the sending service', () => {
  it('SenderPolicy: suppression reads and retry-due consumption on exact ARNs, nothing else', () => {
    const json = String(unwrap(d.outputs.SenderPolicy));
    const statements = statementsOf(json);
    for (const s of statements) {
      expect(s.Effect).toBe('Allow');
      for (const x of [...s.Action, ...s.Resource]) expect(x).not.toContain('*');
    }
    const a = arns();
    expect(actionsByResource(statements)).toEqual({
      [a.suppressions]: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'],
      [a.retryDueQueue]: [
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:ReceiveMessage',
      ],
    });
    expect(actionsByResource(statements)).toEqual(byArn(access.SENDER_GRANTS));
  });
  it('the same document as a managed policy to attach (SenderPolicyArn)', () => {
    const policy = named(d, 'aws:iam/policy:Policy', 'SenderPolicy');
    expect(policy.inputs.policy).toBe(unwrap(d.outputs.SenderPolicy));
    expect(policy.inputs.namePrefix).toBe('rebound-dev-sender-');
    expect(d.outputs.SenderPolicyArn).toBe(policy.state.arn);
  });
});
