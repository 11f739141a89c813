/**
 * The IAM a sending service needs, and nothing else: read the Suppressions table, consume the
 * RetryDueQueue. As a policy document to attach to the service's role.
 */

/** One IAM statement. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
}

/** An IAM policy document. */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** The resources to grant on (ARNs from the deploy's outputs). */
export interface SenderPolicyOptions {
  /** `arn:aws:dynamodb:<region>:<account>:table/<SuppressionsTableName>` */
  suppressionsTableArn: string;
  /** `arn:aws:sqs:<region>:<account>:<queue name>`; omit when the service only checks. */
  retryDueQueueArn?: string;
}

const TABLE_ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[A-Za-z0-9_.-]{3,255}$/;
const QUEUE_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(?:\.fifo)?$/;

/** Actions on the Suppressions table: one GetItem, or BatchGetItem for many addresses. */
export const SENDER_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem'] as const;
/** Actions on the RetryDueQueue (DeleteMessageBatch and ChangeMessageVisibilityBatch are authorized by these). */
export const SENDER_QUEUE_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
] as const;

/**
 * The least-privilege policy of a sending service: GetItem + BatchGetItem on the Suppressions
 * table; ReceiveMessage, DeleteMessage, ChangeMessageVisibility and GetQueueAttributes on the
 * RetryDueQueue. No wildcards: each ARN must name one table or queue.
 *
 * @example
 * senderPolicy({
 *   suppressionsTableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/rebound-production-Suppressions',
 *   retryDueQueueArn: 'arn:aws:sqs:us-east-1:123456789012:rebound-production-RetryDueQueue',
 * })
 */
export function senderPolicy(options: SenderPolicyOptions): PolicyDocument {
  const { suppressionsTableArn, retryDueQueueArn } = options;
  if (!TABLE_ARN.test(suppressionsTableArn ?? '')) {
    throw new TypeError(
      `senderPolicy: suppressionsTableArn must be one table's ARN (arn:aws:dynamodb:<region>:<account>:table/<name>), got ${JSON.stringify(suppressionsTableArn)}`,
    );
  }
  const statements: PolicyStatement[] = [
    {
      Sid: 'ReboundCheckSuppressions',
      Effect: 'Allow',
      Action: [...SENDER_TABLE_ACTIONS],
      Resource: [suppressionsTableArn],
    },
  ];
  if (retryDueQueueArn !== undefined) {
    if (!QUEUE_ARN.test(retryDueQueueArn)) {
      throw new TypeError(
        `senderPolicy: retryDueQueueArn must be one queue's ARN (arn:aws:sqs:<region>:<account>:<name>), got ${JSON.stringify(retryDueQueueArn)}`,
      );
    }
    statements.push({
      Sid: 'ReboundConsumeRetryDue',
      Effect: 'Allow',
      Action: [...SENDER_QUEUE_ACTIONS],
      Resource: [retryDueQueueArn],
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}
