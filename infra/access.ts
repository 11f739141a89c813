/**
 * Least privilege: one `sst.Linkable` grant per kind of function, listing exactly the DynamoDB
 * and SQS actions that function uses on the resources it uses. Functions link these plus the
 * name-only links; never a table or queue itself (that grants dynamodb:* / sqs:*).
 */
import type { Queues } from './queues.ts';
import type { Storage } from './storage.ts';

/** The kinds of function, each with its own grant. */
export type Role = 'webhook' | 'worker' | 'api' | 'sesSnsFailure';

/** Which table or queue a statement targets. */
export type Target = 'suppressions' | 'state' | 'retryQueue' | 'retryDueQueue' | 'sesSnsDlq';

/**
 * The grants, as data, from the SDK commands packages/aws/src issues on each path (grep
 * `Command(`). TransactWriteItems has no IAM action of its own: each Put/Delete in it is
 * authorised as dynamodb:PutItem/DeleteItem; SendMessageBatch is authorised by sqs:SendMessage.
 * ReceiveMessage/DeleteMessage on the RetryQueue come with the worker's subscription.
 */
export const GRANTS: Record<Role, Partial<Record<Target, readonly string[]>>> = {
  // Webhooks + the direct SES->SNS subscriber (event-processor, group-writes, marker-finish):
  // BatchGet snapshots of both tables, one transaction of conditional Puts (suppression record,
  // soft state, markers) and Deletes (cleared soft state), BatchWrite marker finalisation,
  // SendMessageBatch of retries.
  webhook: {
    suppressions: ['dynamodb:BatchGetItem', 'dynamodb:PutItem'],
    state: [
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ],
    retryQueue: ['sqs:SendMessage'],
  },
  // The retry worker (retry-worker.ts): BatchGet of record + soft state, a conditional Put
  // claiming the attempt, re-queued hops to RetryQueue, due retries to RetryDueQueue.
  worker: {
    suppressions: ['dynamodb:BatchGetItem'],
    state: ['dynamodb:BatchGetItem', 'dynamodb:PutItem'],
    retryQueue: ['sqs:SendMessage'],
    retryDueQueue: ['sqs:SendMessage'],
  },
  // The suppression API (suppression-store.ts): GET = GetItem, check = BatchGetItem,
  // DELETE (unsuppress) = a conditional Put of the lifted record. The State table is untouched.
  api: {
    suppressions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem'],
  },
  // Lambda delivers the direct SES subscriber's failed async invocations to its on-failure
  // destination with the function's own role.
  sesSnsFailure: { sesSnsDlq: ['sqs:SendMessage'] },
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
    sesSnsDlq: queues.sesSnsDlq.arn,
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
    sesSnsFailure: grant('SesSnsFailureGrant', 'sesSnsFailure'),
  };
}
