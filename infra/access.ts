/**
 * Least privilege: one `sst.Linkable` grant per kind of function, listing exactly the DynamoDB
 * and SQS actions that function uses on the resources it uses. Functions link these plus the
 * name-only links; never a table or queue itself (that grants dynamodb:* / sqs:*).
 */
import type { Queues } from './queues.ts';
import type { Storage } from './storage.ts';

/** The kinds of function, each with its own grant. */
export type Role = 'webhook' | 'worker' | 'api';

/** Which table or queue a statement targets. */
export type Target = 'suppressions' | 'state' | 'retryQueue' | 'retryDueQueue';

/**
 * The grants, as data. Derived from the SDK commands in packages/aws/src (see the report);
 * SendMessageBatch is authorised by sqs:SendMessage, there is no separate IAM action.
 * ReceiveMessage/DeleteMessage on the RetryQueue come with the worker's subscription.
 */
export const GRANTS: Record<Role, Partial<Record<Target, readonly string[]>>> = {
  // The webhooks and the direct SES->SNS subscriber: de-dup markers and soft-bounce counters
  // in State, suppressions written (and read, to keep the strongest reason), retries queued.
  webhook: {
    state: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    suppressions: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:BatchWriteItem',
    ],
    retryQueue: ['sqs:SendMessage'],
  },
  // The retry worker: re-checks suppression and soft state before releasing a retry, may
  // escalate (write a suppression), re-queues not-yet-due retries, emits due ones.
  worker: {
    state: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    suppressions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    retryQueue: ['sqs:SendMessage'],
    retryDueQueue: ['sqs:SendMessage'],
  },
  // The suppression API: look-ups, batch checks, and unsuppress (delete + soft state reset).
  api: {
    suppressions: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
    state: ['dynamodb:DeleteItem'],
  },
};

/** The grant linkables, one per role. */
export type Grants = Record<Role, sst.Linkable<{ role: string }>>;

/** Creates the three grant linkables from `GRANTS`. */
export function createGrants(storage: Storage, queues: Queues): Grants {
  const arns: Record<Target, $util.Output<string>> = {
    suppressions: storage.suppressionsTable.arn,
    state: storage.stateTable.arn,
    retryQueue: queues.retry.arn,
    retryDueQueue: queues.retryDue.arn,
  };
  const grant = (name: string, role: Role) =>
    new sst.Linkable(name, {
      properties: { role },
      include: Object.entries(GRANTS[role]).map(([target, actions]) =>
        sst.aws.permission({ actions: [...(actions ?? [])], resources: [arns[target as Target]] }),
      ),
    });
  return {
    webhook: grant('WebhookGrant', 'webhook'),
    worker: grant('WorkerGrant', 'worker'),
    api: grant('ApiGrant', 'api'),
  };
}
