/**
 * `@rebound/client/sqs`: one poll of the RetryDueQueue — receive, parse, hand each message to
 * your code, delete what it handled, leave failures for redelivery, report poison messages.
 */
import {
  ChangeMessageVisibilityCommand,
  type ChangeMessageVisibilityCommandOutput,
  DeleteMessageBatchCommand,
  type DeleteMessageBatchCommandOutput,
  type Message,
  ReceiveMessageCommand,
  type ReceiveMessageCommandOutput,
} from '@aws-sdk/client-sqs';
import { RetryDueMessageError } from '../../core/src/errors.ts';
import type { RetryDueMessage } from '../../core/src/process/records.ts';
import { parseRetryDueMessage } from '../../core/src/process/retry-due-message.ts';

/** What the consumer needs of an SQS client: an `SQSClient`, or a wrapper around one. */
export interface SQSSender {
  send(command: ReceiveMessageCommand): Promise<ReceiveMessageCommandOutput>;
  send(command: DeleteMessageBatchCommand): Promise<DeleteMessageBatchCommandOutput>;
  send(command: ChangeMessageVisibilityCommand): Promise<ChangeMessageVisibilityCommandOutput>;
}

/** Where the message came from, for logs and idempotency. */
export interface DeliveryInfo {
  messageId: string;
  /** How many times SQS has delivered it (1 on the first delivery). */
  receiveCount: number;
}

/** A message that is not a v1 retry-due message: it stays on the queue until its DLQ takes it. */
export interface PoisonMessage extends DeliveryInfo {
  body: string;
  error: RetryDueMessageError;
}

/** A message your `handle` threw on: left on the queue for redelivery. */
export interface FailedMessage extends DeliveryInfo {
  retryId: string;
  error: unknown;
}

/** What one poll did. */
export interface ReceiveReport {
  received: number;
  /** retryIds handled and deleted. */
  handled: string[];
  failed: FailedMessage[];
  poison: PoisonMessage[];
}

/** Options of one poll. */
export interface ReceiveDueRetriesOptions {
  /** The RetryDueQueue URL (the `RetryDueQueueUrl` output). */
  queueUrl: string;
  client: SQSSender;
  /** Re-send one message; throw to have it redelivered. Dedupe on `msg.retryId`. */
  handle: (msg: RetryDueMessage, info: DeliveryInfo) => Promise<void> | void;
  /** 1–10 (default 10). */
  maxMessages?: number;
  /** Long-poll wait, 0–20 s (default 20). */
  waitSeconds?: number;
  /** Override the queue's visibility timeout for these messages (seconds). */
  visibilityTimeout?: number;
  /** After a failed `handle`, make the message visible again after this many seconds (default: the queue's visibility timeout). */
  retryDelaySeconds?: number;
  /** Called for each poison message (it is also in the report). */
  onPoison?: (poison: PoisonMessage) => void;
}

function infoOf(m: Message): DeliveryInfo {
  const count = Number(m.Attributes?.ApproximateReceiveCount ?? 1);
  return { messageId: m.MessageId ?? '', receiveCount: Number.isFinite(count) ? count : 1 };
}

/**
 * Receives up to `maxMessages` retry-due messages, parses each (`parseRetryDueMessage`), calls
 * `handle` one message at a time, and deletes the handled ones in one batch. A message `handle`
 * throws on stays for redelivery (after `retryDelaySeconds` if given); a message that does not
 * parse is a poison message: reported, never handled, left for the queue's dead-letter queue.
 * Call it in a loop; an empty poll returns `received: 0` after `waitSeconds`.
 *
 * @example
 * import { SQSClient } from '@aws-sdk/client-sqs';
 * import { receiveDueRetries } from '@rebound/client/sqs';
 * const client = new SQSClient({});
 * while (running) {
 *   const report = await receiveDueRetries({ queueUrl, client, handle: (msg) => resend(msg) });
 *   for (const p of report.poison) console.error('poison retry-due message', p.messageId, p.error.message);
 * }
 */
export async function receiveDueRetries(options: ReceiveDueRetriesOptions): Promise<ReceiveReport> {
  const { queueUrl, client, handle } = options;
  const res = await client.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: Math.min(10, Math.max(1, options.maxMessages ?? 10)),
      WaitTimeSeconds: Math.min(20, Math.max(0, options.waitSeconds ?? 20)),
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      ...(options.visibilityTimeout === undefined
        ? {}
        : { VisibilityTimeout: options.visibilityTimeout }),
    }),
  );
  const messages = res.Messages ?? [];
  const report: ReceiveReport = { received: messages.length, handled: [], failed: [], poison: [] };
  const done: { m: Message; retryId: string }[] = [];
  for (const m of messages) {
    const info = infoOf(m);
    let msg: RetryDueMessage;
    try {
      msg = parseRetryDueMessage(m.Body ?? '');
    } catch (err) {
      const poison: PoisonMessage = {
        ...info,
        body: m.Body ?? '',
        error:
          err instanceof RetryDueMessageError
            ? err
            : new RetryDueMessageError('body', String(err), { cause: err }),
      };
      report.poison.push(poison);
      options.onPoison?.(poison);
      continue;
    }
    try {
      await handle(msg, info);
      done.push({ m, retryId: msg.retryId });
    } catch (error) {
      report.failed.push({ ...info, retryId: msg.retryId, error });
      if (options.retryDelaySeconds !== undefined && m.ReceiptHandle) {
        await client.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: m.ReceiptHandle,
            VisibilityTimeout: options.retryDelaySeconds,
          }),
        );
      }
    }
  }
  if (done.length) {
    const del = await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: done.map(({ m }, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    );
    const notDeleted = new Map((del.Failed ?? []).map((f) => [f.Id, f]));
    done.forEach(({ m, retryId }, i) => {
      const f = notDeleted.get(String(i));
      if (!f) report.handled.push(retryId);
      else {
        report.failed.push({
          ...infoOf(m),
          retryId,
          error: new Error(
            `handled, but the delete failed (${f.Code}: ${f.Message}): it will be redelivered`,
          ),
        });
      }
    });
  }
  return report;
}

export type { RetryDueMessage };
