/**
 * Test helpers for the runtime: clients on the local servers, fresh tables and queues per test,
 * an SDK request counter, Lambda event/context builders and a NormalizedEvent factory.
 */
import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  type AwsClients,
  createClients,
  ensureQueue,
  ensureTables,
  type TableNames,
} from '@rebound/aws';
import type { NormalizedEvent, Verdict } from '@rebound/core';

/** Whether the shared DynamoDB supports transactions (DynamoDB Local does, dynalite does not). */
export const HAS_TRANSACTIONS = process.env.DDB_KIND === 'dynamodb-local';

/** Clients on the given (default: shared) servers, with few SDK retries so faults surface fast. */
export function clientsFor(
  ddb = process.env.DDB_ENDPOINT,
  sqs = process.env.SQS_ENDPOINT,
  maxAttempts = 2,
): AwsClients {
  return createClients({
    region: 'us-east-1',
    dynamodbEndpoint: ddb as string,
    sqsEndpoint: sqs as string,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts,
  });
}

/** Everything a runtime test needs, with unique names. */
export interface Stack {
  clients: AwsClients;
  tables: TableNames;
  retryQueueUrl: string;
  retryDueQueueUrl: string;
  retryDlqUrl: string;
}

/** Creates fresh tables and queues on the given clients. */
export async function createStack(clients: AwsClients = clientsFor()): Promise<Stack> {
  const id = randomUUID().slice(0, 8);
  const tables = { suppressions: `suppressions-${id}`, state: `state-${id}` };
  // TTL stays off: DynamoDB Local would delete records of old fixture events mid-test.
  await ensureTables(clients.dynamodb, tables, { ttl: false });
  const retry = await ensureQueue(clients.sqs, `retry-${id}`, {
    maxReceiveCount: 2,
    visibilityTimeout: 1,
  });
  const due = await ensureQueue(clients.sqs, `retry-due-${id}`);
  return {
    clients,
    tables,
    retryQueueUrl: retry.url,
    retryDueQueueUrl: due.url,
    retryDlqUrl: retry.dlqUrl,
  };
}

/** Counts SDK commands by name on a client (instrumentation, not a mock: requests still go out). */
export function countRequests(client: {
  middlewareStack: { add: (mw: never, opts: object) => void };
}) {
  const counts = new Map<string, number>();
  const mw =
    (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) =>
    async (args: unknown) => {
      const name = context.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    };
  client.middlewareStack.add(mw as never, { step: 'initialize', name: `count-${randomUUID()}` });
  return {
    counts,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => counts.clear(),
  };
}

/** Receives everything visible on a queue now (several polls). */
export async function drain(
  sqs: SQSClient,
  url: string,
  polls = 3,
): Promise<{ id: string; body: string }[]> {
  const out: { id: string; body: string }[] = [];
  for (let i = 0; i < polls; i++) {
    const res = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    const msgs = res.Messages ?? [];
    out.push(...msgs.map((m) => ({ id: m.MessageId as string, body: m.Body as string })));
    if (!msgs.length) i++;
  }
  return out;
}

/** A Lambda context good enough for Middy and Powertools. */
export function lambdaContext(name = 'test') {
  return {
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'test',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 30_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** A payload-v2 HTTP event. */
export function httpEvent(opts: {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  base64?: boolean;
}) {
  const buf = typeof opts.body === 'string' ? Buffer.from(opts.body) : opts.body;
  const base64 = opts.base64 ?? false;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: opts.path ?? '/',
    rawQueryString: '',
    headers: opts.headers ?? {},
    body: buf ? buf.toString(base64 ? 'base64' : 'utf8') : undefined,
    isBase64Encoded: base64,
    requestContext: {
      http: { method: opts.method ?? 'POST', path: opts.path ?? '/', sourceIp: '127.0.0.1' },
      requestId: randomUUID(),
    },
  };
}

const VERDICTS: Record<string, Verdict> = {
  hard: {
    action: 'suppress',
    reason: 'user-unknown',
    rule: 'test-hard',
    source: 'test',
    retry: null,
  },
  soft: {
    action: 'retry',
    reason: 'rate-limited',
    rule: 'test-421',
    source: 'test',
    retry: { delays_s: [60, 300, 900, 3600, 14400], window_s: 172800 },
  },
  config: {
    action: 'fix-config',
    reason: 'auth-failed',
    rule: 'test-535',
    source: 'test',
    retry: null,
  },
  block: {
    action: 'investigate',
    reason: 'blocklisted',
    rule: 'test-block',
    source: 'test',
    retry: null,
  },
  full: {
    action: 'retry',
    reason: 'mailbox-full',
    rule: 'test-452',
    source: 'test',
    retry: { delays_s: [3600, 21600], window_s: 172800 },
  },
  unproven: {
    action: 'investigate',
    reason: 'undetermined',
    rule: 'test-550',
    source: 'test',
    retry: null,
    probation: true,
  },
};

/** A normalized event for tests: `v` picks a canned verdict (hard, soft, config, block, full, unproven). */
export function makeEvent(
  over: Partial<NormalizedEvent> & { v?: keyof typeof VERDICTS } = {},
): NormalizedEvent {
  const { v, ...rest } = over;
  return {
    id: randomUUID(),
    vendor: 'sendgrid',
    vendorEventId: null,
    kind: v === 'soft' || v === 'full' ? 'block' : v ? 'bounce' : 'delivery',
    recipient: 'jane@example.com',
    messageId: 'msg-1',
    occurredAt: '2026-11-28T08:00:00.000Z',
    reply:
      v === 'hard'
        ? {
            code: 550,
            enhanced: '5.1.1',
            text: 'user unknown',
            parts: { code: 'parsed', enhanced: 'parsed', text: 'parsed' },
            conflict: null,
            command: null,
          }
        : null,
    hints: {},
    verdict: v ? (VERDICTS[v] as Verdict) : null,
    echo: false,
    metadata: {},
    ...rest,
  };
}
