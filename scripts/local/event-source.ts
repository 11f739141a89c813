/**
 * A local SQS "event source mapping": long-polls a queue, invokes the consumer with a Lambda
 * SQS event, then deletes every message except the reported `batchItemFailures`.
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type LambdaContext, lambdaContext } from './serve-lambda.ts';

/** An SQS consumer handler with partial batch responses. */
export type SqsLambda = (
  event: { Records: Record<string, unknown>[] },
  context: LambdaContext,
) => Promise<{ batchItemFailures?: { itemIdentifier: string }[] } | undefined>;

/** Where to poll and what to invoke. */
export interface EventSourceOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  functionName: string;
  handler: SqsLambda;
  batchSize?: number;
  /** Long-poll seconds (SQS maximum 20). */
  waitSeconds?: number;
  log?: (line: string) => void;
}

/** The Lambda SQS record for a received message. */
export function toRecord(m: Message, queueArn: string): Record<string, unknown> {
  const attrs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m.MessageAttributes ?? {})) {
    attrs[k] = {
      dataType: v.DataType,
      stringValue: v.StringValue,
      binaryValue: v.BinaryValue ? Buffer.from(v.BinaryValue).toString('base64') : undefined,
      stringListValues: [],
      binaryListValues: [],
    };
  }
  return {
    messageId: m.MessageId,
    receiptHandle: m.ReceiptHandle,
    body: m.Body ?? '',
    attributes: m.Attributes ?? {},
    messageAttributes: attrs,
    md5OfBody: m.MD5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? 'us-east-1',
  };
}

/** Starts polling; `stop()` aborts the long poll and waits for the batch in progress. */
export function startEventSource(opts: EventSourceOptions): { stop(): Promise<void> } {
  const abort = new AbortController();
  const log = opts.log ?? console.error;
  const loop = async () => {
    while (!abort.signal.aborted) {
      let messages: Message[] = [];
      try {
        const res = await opts.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: opts.queueUrl,
            MaxNumberOfMessages: opts.batchSize ?? 10,
            WaitTimeSeconds: opts.waitSeconds ?? 20,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: abort.signal },
        );
        messages = res.Messages ?? [];
      } catch (err) {
        if (abort.signal.aborted) return;
        log(`local: polling ${opts.functionName}'s queue failed: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (messages.length) await invoke(opts, messages, log);
    }
  };
  const running = loop();
  return {
    async stop() {
      abort.abort();
      await running;
    },
  };
}

/** One invocation: delete the successes; a thrown handler leaves the whole batch to reappear. */
async function invoke(opts: EventSourceOptions, messages: Message[], log: (l: string) => void) {
  const records = messages.map((m) => toRecord(m, opts.queueArn));
  let failed: Set<string>;
  try {
    const result = await opts.handler({ Records: records }, lambdaContext(opts.functionName));
    failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  } catch (err) {
    log(`local: ${opts.functionName} threw; the batch will be retried: ${(err as Error).message}`);
    return;
  }
  const done = messages.filter((m) => m.MessageId && !failed.has(m.MessageId));
  if (!done.length) return;
  await opts.sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: opts.queueUrl,
      Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
    }),
  );
}
