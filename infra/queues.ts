/**
 * SQS: the retry queue (consumed by the retry worker) and the "retry due" output queue
 * (consumed by the user's sending service), each with a dead-letter queue.
 */
import { QUEUE_TUNING } from './tuning.ts';

/** The queues and their URL-only links (IAM comes from `infra/access.ts`). */
export interface Queues {
  retry: sst.aws.Queue;
  retryDlq: sst.aws.Queue;
  retryDue: sst.aws.Queue;
  retryDueDlq: sst.aws.Queue;
  /**
   * Failed async invocations of the direct SES SNS subscriber (Lambda on-failure
   * destination); only on stages with SES.
   */
  sesSnsDlq: sst.aws.Queue | undefined;
  /**
   * Failed async invocations of the inbound mail receiver (SES receiving); only on stages with
   * a bounce domain. Each message names a mail still in the bucket: redrive by re-invoking.
   */
  inboundMailDlq: sst.aws.Queue | undefined;
  /** `Resource.RetryQueue.url`; carries no permissions. */
  retryLink: sst.Linkable<{ url: $util.Output<string> }>;
  /** `Resource.RetryDueQueue.url`; carries no permissions. */
  retryDueLink: sst.Linkable<{ url: $util.Output<string> }>;
}

/**
 * Creates the queues. SST component names must be unique across linkables, so the SQS
 * components are `RetryQueueSqs`/`RetryDueQueueSqs` and the links keep the contract names.
 */
export function createQueues(input: { ses: boolean; inbound?: boolean }): Queues {
  const retryDlq = new sst.aws.Queue('RetryDlq', deadLetterArgs());
  const retry = new sst.aws.Queue('RetryQueueSqs', {
    visibilityTimeout: QUEUE_TUNING.retryVisibility,
    dlq: { queue: retryDlq.arn, retry: QUEUE_TUNING.maxReceives },
  });
  const retryDueDlq = new sst.aws.Queue('RetryDueDlq', deadLetterArgs());
  const retryDue = new sst.aws.Queue('RetryDueQueueSqs', {
    visibilityTimeout: QUEUE_TUNING.retryDueVisibility,
    dlq: { queue: retryDueDlq.arn, retry: QUEUE_TUNING.maxReceives },
  });
  const sesSnsDlq = input.ses ? new sst.aws.Queue('SesSnsDlq', deadLetterArgs()) : undefined;
  const inboundMailDlq = input.inbound
    ? new sst.aws.Queue('InboundMailDlq', deadLetterArgs())
    : undefined;
  // Never link the queues themselves: that would grant sqs:* on them.
  const retryLink = new sst.Linkable('RetryQueue', { properties: { url: retry.url } });
  const retryDueLink = new sst.Linkable('RetryDueQueue', { properties: { url: retryDue.url } });
  return {
    retry,
    retryDlq,
    retryDue,
    retryDueDlq,
    sesSnsDlq,
    inboundMailDlq,
    retryLink,
    retryDueLink,
  };
}

/** Dead-letter queues keep their messages as long as SQS allows. */
function deadLetterArgs(): sst.aws.QueueArgs {
  return {
    transform: {
      queue: (args) => {
        args.messageRetentionSeconds = QUEUE_TUNING.dlqRetentionSeconds;
      },
    },
  };
}
