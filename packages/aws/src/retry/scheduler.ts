/**
 * RetryQueue producer: each retry becomes a message whose `DelaySeconds` (≤ 900) is computed from
 * the injected clock; longer waits are finished by the worker re-sending the message (hops).
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { delayUntil, type RetryMessage, type RetryScheduler } from '@rebound/core';
import { sendBatch } from './sqs-send.ts';

/** Builds the SQS-backed scheduler. */
export function createRetryScheduler(deps: {
  sqs: SQSClient;
  queueUrl: string;
  now: () => Date;
}): RetryScheduler {
  return {
    async schedule(messages: readonly RetryMessage[]) {
      const unique = [...new Map(messages.map((m) => [m.retryId, m])).values()];
      const now = deps.now();
      const res = await sendBatch(
        deps.sqs,
        deps.queueUrl,
        unique.map((m) => ({
          id: m.retryId,
          body: JSON.stringify(m),
          delaySeconds: delayUntil(m.dueAt, now),
        })),
      );
      return { sent: res.sent, failed: res.failed };
    },
  };
}
