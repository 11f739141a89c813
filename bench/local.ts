/**
 * Throughput of the local stack (`npm start`) end to end: signed SendGrid batches posted to its
 * HTTP endpoint by 8 concurrent senders, each answered only after DynamoDB and SQS hold the effects.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReplayRequest } from '../packages/cli/src/commands/replay.ts';
import { loadOrCreateCredentials } from '../scripts/local/credentials.ts';
import { startLocalStack } from '../scripts/local/stack.ts';
import { realisticSendgridBatch } from './corpus.ts';

export interface LocalFigures {
  local_events_per_s: number;
  local_senders: number;
  local_batch_events: number;
  local_requests: number;
  local_dynamodb: string;
}

/** Runs `senders` concurrent posting loops for `seconds`; every answer must be 200. */
export async function benchLocal(senders = 8, seconds = 10, batch = 100): Promise<LocalFigures> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const dir = mkdtempSync(join(tmpdir(), 'rebound-bench-'));
  const stack = await startLocalStack({ port: 0, dir, log: () => {} });
  const { credentials } = await loadOrCreateCredentials(dir);
  let requests = 0;
  let events = 0;
  let seq = 0;
  try {
    const deadline = performance.now() + seconds * 1000;
    const start = performance.now();
    const sender = async () => {
      while (performance.now() < deadline) {
        const body = realisticSendgridBatch(batch, `s${seq++}x`, Math.floor(Date.now() / 1000));
        const req = await buildReplayRequest('sendgrid', Buffer.from(body), credentials);
        const res = await fetch(`${stack.url}/webhooks/sendgrid`, {
          method: 'POST',
          headers: req.headers,
          body: req.body,
        });
        if (res.status !== 200)
          throw new Error(`local stack answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
        requests++;
        events += batch;
      }
    };
    await Promise.all(Array.from({ length: senders }, sender));
    const elapsed = (performance.now() - start) / 1000;
    return {
      local_events_per_s: Math.round(events / elapsed),
      local_senders: senders,
      local_batch_events: batch,
      local_requests: requests,
      local_dynamodb: stack.dynamo,
    };
  } finally {
    await stack.stop();
  }
}
