/**
 * SendMessageBatch, 10 entries per call, failed entries (and failed calls) retried with backoff.
 * Reports which entries were sent and which were not, never throws for a send failure.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { backoff, mapLimit } from '../concurrency.ts';

/** One message to send; `id` is the caller's key for the result. */
export interface OutMessage {
  id: string;
  body: string;
  delaySeconds?: number;
}

/** What was sent, what failed, and the last error seen. */
export interface SendResult {
  sent: string[];
  failed: string[];
  lastError: unknown;
}

async function sendChunk(sqs: SQSClient, queueUrl: string, chunk: OutMessage[], rounds: number) {
  let left = chunk;
  const sent: string[] = [];
  let lastError: unknown = null;
  for (let round = 0; round < rounds && left.length; round++) {
    if (round) await backoff(round, 50, 1_000);
    const byEntry = new Map(left.map((m, i) => [String(i), m]));
    try {
      const res = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: [...byEntry].map(([Id, m]) => ({
            Id,
            MessageBody: m.body,
            ...(m.delaySeconds ? { DelaySeconds: m.delaySeconds } : {}),
          })),
        }),
      );
      for (const ok of res.Successful ?? []) sent.push(byEntry.get(ok.Id as string)!.id);
      const failedIds = new Set((res.Failed ?? []).map((f) => f.Id));
      if (failedIds.size) lastError = new Error(res.Failed?.[0]?.Message ?? 'entry failed');
      left = [...byEntry].filter(([id]) => failedIds.has(id)).map(([, m]) => m);
    } catch (err) {
      lastError = err;
    }
  }
  return { sent, failed: left.map((m) => m.id), lastError };
}

/** Sends every message to `queueUrl` (10 per SendMessageBatch, a few batches at a time). */
export async function sendBatch(
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly OutMessage[],
  rounds = 4,
): Promise<SendResult> {
  const chunks: OutMessage[][] = [];
  for (let i = 0; i < messages.length; i += 10) chunks.push(messages.slice(i, i + 10));
  const results = await mapLimit(chunks, 4, (c) => sendChunk(sqs, queueUrl, c, rounds));
  return {
    sent: results.flatMap((r) => r.sent),
    failed: results.flatMap((r) => r.failed),
    lastError: results.find((r) => r.lastError)?.lastError ?? null,
  };
}
