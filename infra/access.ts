/**
 * Least privilege, as data: one `sst.Linkable` grant per kind of function, listing exactly the
 * DynamoDB and SQS actions that function uses on the resources it uses, and the grant of the
 * user's sending service. Functions link these plus the name-only links; never a table or
 * queue itself (that grants dynamodb:* / sqs:*).
 */
import type { InboundBucket } from './inbound-mail.ts';
import type { Queues } from './queues.ts';
import { RECENT_INDEX, type Storage } from './storage.ts';

/** The kinds of function, each with its own grant. */
export type Role =
  | 'webhook'
  | 'direct'
  | 'worker'
  | 'api'
  | 'reclassify'
  | 'sesSnsFailure'
  | 'inboundMail'
  | 'inboundMailFailure';

/** Which table or queue a statement targets. */
export type Target =
  | 'suppressions'
  | 'state'
  | 'recentIndex'
  | 'retryQueue'
  | 'retryDueQueue'
  | 'sesSnsDlq'
  | 'inboundMail'
  | 'inboundMailDlq';

/**
 * The grants, as data, from the SDK commands packages/aws/src issues on each path (grep
 * `Command(`). TransactWriteItems has no IAM action of its own: each Put/Delete in it is
 * authorised as dynamodb:PutItem/DeleteItem; SendMessageBatch is authorised by sqs:SendMessage.
 * ReceiveMessage/DeleteMessage on the RetryQueue come with the worker's subscription.
 */
/**
 * Applying events (event-processor, group-writes, marker-wait): BatchGet snapshots of both
 * tables, SendMessageBatch of retries, then one transaction of conditional Puts (suppression
 * record, soft state, markers) and Deletes (cleared soft state); then the rate counters
 * (rates/count-batch.ts): one transaction of a conditional Put (the batch marker) and Updates
 * (ADD to the counters).
 */
const APPLY = {
  suppressions: ['dynamodb:BatchGetItem', 'dynamodb:PutItem'],
  state: [
    'dynamodb:BatchGetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
  ],
  retryQueue: ['sqs:SendMessage'],
} as const;

export const GRANTS: Record<Role, Partial<Record<Target, readonly string[]>>> = {
  // The vendors' HTTP webhooks: applying events, plus a GetItem of the vendor's runtime
  // settings (runtime-settings.ts: the `settings#<vendor>` item `rebound connect` writes).
  // The single-use ledger (single-use-ledger.ts: Mailgun's tokens, `once#<vendor>#<token>`)
  // needs the same two actions and no other: a conditional PutItem claims and settles, a
  // consistent GetItem reads an existing claim.
  webhook: { ...APPLY, state: ['dynamodb:GetItem', ...APPLY.state] },
  // The direct SES->SNS subscriber: IAM-invoked, no settings to read; applying events only.
  direct: APPLY,
  // The retry worker (retry-worker.ts): BatchGet of record + soft state, a conditional Put
  // claiming the attempt, re-queued hops to RetryQueue, due retries to RetryDueQueue.
  worker: {
    suppressions: ['dynamodb:BatchGetItem'],
    state: ['dynamodb:BatchGetItem', 'dynamodb:PutItem'],
    retryQueue: ['sqs:SendMessage'],
    retryDueQueue: ['sqs:SendMessage'],
  },
  // The suppression API (suppression-store.ts): GET = GetItem, check = BatchGetItem,
  // DELETE (unsuppress) = a conditional Put of the lifted record; the page's routes
  // (ui/dashboard-routes.ts): /export = Scan pages, /stats = BatchGetItem of the counters,
  // /recent = Query of the State table's `recent` index. The API writes nothing in State.
  api: {
    suppressions: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:Scan',
    ],
    state: ['dynamodb:BatchGetItem'],
    recentIndex: ['dynamodb:Query'],
  },
  // The reclassify job (reclassify.ts): a consistent Scan in pages, a conditional Put per
  // changed record, a GetItem to re-read a record a webhook changed meanwhile.
  reclassify: {
    suppressions: ['dynamodb:Scan', 'dynamodb:GetItem', 'dynamodb:PutItem'],
  },
  // Lambda delivers the direct SES subscriber's failed async invocations to its on-failure
  // destination with the function's own role.
  sesSnsFailure: { sesSnsDlq: ['sqs:SendMessage'] },
  // The inbound mail receiver (s3-objects.ts): one GetObject of the mail SES stored, under the
  // inbound prefix of its own bucket only (no ListBucket: a missing key answers AccessDenied
  // instead of NoSuchKey, which the reader treats as a failure, retried, then dead-lettered).
  inboundMail: { inboundMail: ['s3:GetObject'] },
  // Its failed async invocations go to its on-failure queue with the function's own role.
  inboundMailFailure: { inboundMailDlq: ['sqs:SendMessage'] },
};

/**
 * What the user's sending service needs (the `SenderPolicy` output and managed policy): read
 * suppressions before sending (GetItem for one address, BatchGetItem for a batch), and consume
 * the retry-due queue (receive, delete when sent, extend the visibility while sending, read the
 * queue's attributes). Nothing else: it never writes Rebound's tables.
 */
export const SENDER_GRANTS: Partial<Record<Target, readonly string[]>> = {
  suppressions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'],
  retryDueQueue: [
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:ChangeMessageVisibility',
    'sqs:GetQueueAttributes',
  ],
};

/** The component name of each role's grant (`Resource.<Name>`). */
export const GRANT_NAMES: Record<Role, string> = {
  webhook: 'WebhookGrant',
  direct: 'DirectGrant',
  worker: 'WorkerGrant',
  api: 'ApiGrant',
  reclassify: 'ReclassifyGrant',
  sesSnsFailure: 'SesSnsFailureGrant',
  inboundMail: 'InboundMailGrant',
  inboundMailFailure: 'InboundMailFailureGrant',
};

/** The grant linkables of the roles a stage deploys. */
export type Grants = Partial<Record<Role, sst.Linkable<{ role: string }>>>;

/** The ARN of each target that exists on this stage. */
export function targetArns(storage: Storage, queues: Queues, inbound?: InboundBucket) {
  const arns: Partial<Record<Target, $util.Output<string>>> = {
    suppressions: storage.suppressionsTable.arn,
    state: storage.stateTable.arn,
    recentIndex: $interpolate`${storage.stateTable.arn}/index/${RECENT_INDEX}`,
    retryQueue: queues.retry.arn,
    retryDueQueue: queues.retryDue.arn,
  };
  if (queues.sesSnsDlq) arns.sesSnsDlq = queues.sesSnsDlq.arn;
  if (queues.inboundMailDlq) arns.inboundMailDlq = queues.inboundMailDlq.arn;
  if (inbound) arns.inboundMail = inbound.objectsArn;
  return arns;
}

/** The `sst.aws.permission`s of a grant table (one statement per target, exact actions). */
export function permissionsOf(
  grants: Partial<Record<Target, readonly string[]>>,
  arns: Partial<Record<Target, $util.Output<string>>>,
) {
  return Object.entries(grants).map(([target, actions]) => {
    const arn = arns[target as Target];
    if (!arn) throw new Error(`grant on ${target}, which this stage does not deploy`);
    return { actions: [...(actions ?? [])], resources: [arn] };
  });
}

/** Creates the grant linkables of `roles` from `GRANTS`. */
export function createGrants(
  storage: Storage,
  queues: Queues,
  roles: readonly Role[],
  inbound?: InboundBucket,
): Grants {
  const arns = targetArns(storage, queues, inbound);
  const grants: Grants = {};
  for (const role of roles) {
    grants[role] = new sst.Linkable(GRANT_NAMES[role], {
      properties: { role },
      include: permissionsOf(GRANTS[role], arns).map((p) => sst.aws.permission(p)),
    });
  }
  return grants;
}
