/**
 * SES receiving for a bounce domain (`REBOUND_BOUNCE_DOMAIN`, docs/deploy.md "Bounce mail
 * through SES"): the bucket SES stores each mail in (encrypted, never public, expiring), the
 * receipt rule (store in S3, then invoke the receiver), and the rule set it lives in.
 *
 * An account has one active receipt rule set, which may already serve other domains. Rebound
 * never replaces it silently: with `REBOUND_SES_RULE_SET` it adds one rule (`rebound-<stage>`)
 * to that existing set, and `sst remove` deletes that rule only; without it, Rebound creates its
 * own set `rebound-<stage>` and activates it only when `REBOUND_SES_ACTIVATE_RULE_SET=true`.
 */
// Where SES stores inbound mail in the bucket; the receiver reads only under it.
import { INBOUND_PREFIX } from '../packages/core/src/vendors/mail/meta.ts';
import type { DeploySettings } from './settings.ts';

/** The bucket and its ARNs. */
export interface InboundBucket {
  bucket: aws.s3.Bucket;
  /** The objects the receiver may read: `<bucket ARN>/inbound/*`. */
  objectsArn: $util.Output<string>;
  /** SES may write only once this exists. */
  policy: aws.s3.BucketPolicy;
}

/** The receipt rule's identity: its set, its name, its ARN (the bucket policy's SourceArn). */
export interface InboundRule {
  ruleSetName: string;
  ruleName: string;
  ruleArn: $util.Output<string>;
}

/** The rule's name and set, and its ARN (known before the rule exists: SES names it so). */
export function inboundRuleOf(inbound: NonNullable<DeploySettings['inbound']>): InboundRule {
  const ruleSetName = inbound.ruleSet ?? `rebound-${$app.stage}`;
  const ruleName = `rebound-${$app.stage}`;
  const account = aws.getCallerIdentityOutput({}).accountId;
  const region = aws.getRegionOutput({}).name;
  const partition = aws.getPartitionOutput({}).partition;
  return {
    ruleSetName,
    ruleName,
    ruleArn: $interpolate`arn:${partition}:ses:${region}:${account}:receipt-rule-set/${ruleSetName}:receipt-rule/${ruleName}`,
  };
}

/**
 * The inbound bucket: SSE-S3 encryption, every public access blocked, objects expiring after
 * `retentionDays`, and a policy that lets only SES, for this account's rule, put objects under
 * the prefix (and refuses plain HTTP to everyone).
 */
export function createInboundBucket(
  inbound: NonNullable<DeploySettings['inbound']>,
  rule: InboundRule,
): InboundBucket {
  const bucket = new aws.s3.Bucket('InboundMailBucket', {
    // Stages other than production empty it on `sst remove` (it only holds expiring mail).
    forceDestroy: $app.stage !== 'production',
  });
  new aws.s3.BucketServerSideEncryptionConfiguration('InboundMailEncryption', {
    bucket: bucket.bucket,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
  });
  const block = new aws.s3.BucketPublicAccessBlock('InboundMailPublicAccessBlock', {
    bucket: bucket.bucket,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new aws.s3.BucketLifecycleConfiguration('InboundMailExpiry', {
    bucket: bucket.bucket,
    rules: [
      {
        id: 'expire-inbound-mail',
        status: 'Enabled',
        filter: {},
        expiration: { days: inbound.retentionDays },
      },
    ],
  });
  const account = aws.getCallerIdentityOutput({}).accountId;
  const objectsArn = $interpolate`${bucket.arn}/${INBOUND_PREFIX}*`;
  const policy = aws.iam.getPolicyDocumentOutput({
    statements: [
      {
        // SES's documented bucket policy for the S3 action, narrowed to the prefix and the rule.
        sid: 'AllowSesPuts',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['ses.amazonaws.com'] }],
        actions: ['s3:PutObject'],
        resources: [objectsArn],
        conditions: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] },
          { test: 'ArnLike', variable: 'aws:SourceArn', values: [rule.ruleArn] },
        ],
      },
      {
        // A deny, not a grant: the wildcards are what make it cover every caller and action.
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        principals: [{ type: 'AWS', identifiers: ['*'] }],
        actions: ['s3:*'],
        resources: [bucket.arn, $interpolate`${bucket.arn}/*`],
        conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
    ],
  });
  // After the public access block: a policy put before it could briefly be evaluated without it.
  const bucketPolicy = new aws.s3.BucketPolicy(
    'InboundMailBucketPolicy',
    { bucket: bucket.bucket, policy: policy.json },
    { dependsOn: [block] },
  );
  return { bucket, objectsArn, policy: bucketPolicy };
}

/**
 * The receipt rule for the bounce domain (every address at it, e.g. VERP return paths): spam and
 * virus scan, store in the bucket, then invoke the receiver asynchronously. Rebound's own rule set
 * when none is named (activated only when asked). SES checks that it may write the bucket and
 * invoke the function when the rule is created: the policy and permission come first.
 */
export function createInboundRule(input: {
  inbound: NonNullable<DeploySettings['inbound']>;
  rule: InboundRule;
  bucket: InboundBucket;
  receiver: sst.aws.Function;
}): void {
  const { inbound, rule, bucket, receiver } = input;
  const account = aws.getCallerIdentityOutput({}).accountId;
  const permission = new aws.lambda.Permission('InboundMailSesInvoke', {
    action: 'lambda:InvokeFunction',
    function: receiver.nodes.function.name,
    principal: 'ses.amazonaws.com',
    sourceAccount: account,
    sourceArn: rule.ruleArn,
  });
  const own = inbound.ruleSet
    ? undefined
    : new aws.ses.ReceiptRuleSet('InboundRuleSet', { ruleSetName: rule.ruleSetName });
  if (own && inbound.activate) {
    new aws.ses.ActiveReceiptRuleSet('InboundRuleSetActive', { ruleSetName: own.ruleSetName });
  }
  new aws.ses.ReceiptRule(
    'InboundMailRule',
    {
      name: rule.ruleName,
      ruleSetName: own ? own.ruleSetName : rule.ruleSetName,
      recipients: [inbound.domain],
      enabled: true,
      scanEnabled: true,
      // Bounces come from every kind of MTA, some without TLS: refusing them loses bounces.
      tlsPolicy: 'Optional',
      s3Actions: [
        { position: 1, bucketName: bucket.bucket.bucket, objectKeyPrefix: INBOUND_PREFIX },
      ],
      lambdaActions: [{ position: 2, functionArn: receiver.arn, invocationType: 'Event' }],
    },
    { dependsOn: [permission, bucket.policy, ...(own ? [own] : [])] },
  );
}
