/**
 * No swallowed errors: each handled failure is logged with its error and counted — the retry
 * worker's failed due batch, the event processor's failed marker finish, the worker's failed
 * claim finish — and an SNS certificate that cannot be fetched counts as a verification failure
 * while the answer stays 503 (SNS retries). Failures are injected at the SDK's request step
 * (instrumentation: the requests are real, on the local servers), never with SDK mocks.
 */
import { PurgeQueueCommand } from '@aws-sdk/client-sqs';
import {
  createEventProcessor,
  createLogger,
  createMetrics,
  createRetryScheduler,
  runRetryWorker,
} from '@rebound/aws';
import { decideRetry, type NormalizedEvent } from '@rebound/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSqs } from '../setup/servers.ts';
import { createRig, payload, type Rig, vendorHandler } from './e2e.ts';
import {
  clientsFor,
  countRequests,
  createStack,
  HAS_TRANSACTIONS,
  makeEvent,
  type Stack,
} from './helpers.ts';

type Client = { middlewareStack: { add: (mw: never, opts: object) => void } };

/** Makes the `nth` (1-based) request of `command` on `client` fail before it is sent. */
function failNth(client: Client, command: string, nth: number) {
  let seen = 0;
  const mw =
    (next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }) =>
    async (args: unknown) => {
      if (ctx.commandName === command && ++seen === nth) {
        throw Object.assign(new Error(`injected ${command} failure`), { name: 'InjectedFault' });
      }
      return next(args);
    };
  client.middlewareStack.add(mw as never, { step: 'initialize', name: `fail-${command}-${nth}` });
}

/** A logger and metrics whose calls the test reads. */
function observed() {
  const logger = createLogger();
  const metrics = createMetrics(logger);
  const error = vi.spyOn(logger, 'error').mockImplementation(() => {});
  const addMetric = vi.spyOn(metrics, 'addMetric');
  return { logger, metrics, error, addMetric };
}

const soft = (recipient: string): NormalizedEvent =>
  makeEvent({
    v: 'soft',
    recipient,
    verdict: {
      action: 'retry',
      reason: 'rate-limited',
      rule: 'test-421',
      source: 'test',
      retry: { delays_s: [60], window_s: 172_800 },
    },
  });

let sqs: Awaited<ReturnType<typeof startSqs>>;
let stack: Stack;
const T0 = new Date('2026-11-28T09:00:00.000Z');

beforeAll(async () => {
  sqs = await startSqs();
});
afterAll(async () => sqs?.stop());
beforeEach(async () => {
  stack = await createStack(clientsFor(process.env.DDB_ENDPOINT, sqs.endpoint, 1));
});

/** The retry messages one soft bounce of `recipient` puts on RetryQueue. */
async function retryMessagesFor(recipient: string) {
  const sink = createEventProcessor({
    doc: stack.clients.doc,
    tables: stack.tables,
    scheduler: createRetryScheduler({
      sqs: stack.clients.sqs,
      queueUrl: stack.retryQueueUrl,
      now: () => T0,
    }),
    now: () => T0,
    decideRetry,
    random: () => 0.5,
  });
  await sink.process([soft(recipient)]);
  const q = sqs.server.inspectQueue(stack.retryQueueUrl.split('/').pop() as string);
  const msgs = [...(q?.messages.ready ?? []), ...(q?.messages.delayed ?? [])];
  await stack.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: stack.retryQueueUrl }));
  return msgs.map((m) => ({ messageId: m.messageId, body: m.body }));
}

const workerDeps = (o: ReturnType<typeof observed>) => ({
  doc: stack.clients.doc,
  sqs: stack.clients.sqs,
  tables: stack.tables,
  retryQueueUrl: stack.retryQueueUrl,
  retryDueQueueUrl: stack.retryDueQueueUrl,
  now: () => new Date(T0.getTime() + 120_000),
  logger: o.logger,
  metrics: o.metrics,
});

describe.skipIf(!HAS_TRANSACTIONS)('handled errors are reported', () => {
  it('retry worker: a due batch that fails is logged, counted, and returned for redelivery', async () => {
    // Prepare
    const records = await retryMessagesFor('worker@example.com');
    expect(records).toHaveLength(1);
    const o = observed();
    failNth(stack.clients.dynamodb, 'BatchGetItemCommand', 1);
    // Act
    const { failures, report } = await runRetryWorker(workerDeps(o), records);
    // Assess
    expect(failures).toEqual([records[0]?.messageId]);
    expect(report.failed).toBe(1);
    expect(o.addMetric).toHaveBeenCalledWith('RetryBatchFailures', 'Count', 1);
    expect(o.error).toHaveBeenCalledWith(
      'due retries failed',
      expect.objectContaining({ error: expect.objectContaining({ name: 'DependencyError' }) }),
    );
  });

  it('retry worker: a claim that cannot be marked done is logged and counted, the emit stands', async () => {
    const records = await retryMessagesFor('claim@example.com');
    const o = observed();
    // PutItem 1 claims the attempt, PutItem 2 marks it done: fail the second.
    failNth(stack.clients.dynamodb, 'PutItemCommand', 2);
    const { failures, report } = await runRetryWorker(workerDeps(o), records);
    expect(failures).toEqual([]);
    expect(report.emitted).toBe(1);
    expect(o.addMetric).toHaveBeenCalledWith('ClaimFinishFailures', 'Count', 1);
    expect(o.error).toHaveBeenCalledWith(
      'marking a claim done failed',
      expect.objectContaining({ error: expect.objectContaining({ name: 'InjectedFault' }) }),
    );
  });

  it('event processor: retries that cannot be enqueued fail the delivery before anything commits', async () => {
    // An SQS client whose every request fails (the scheduler retries before it gives up).
    const unreachable = clientsFor(process.env.DDB_ENDPOINT, sqs.endpoint, 1).sqs;
    unreachable.middlewareStack.add(
      () => async () => {
        throw Object.assign(new Error('injected SQS outage'), { name: 'InjectedFault' });
      },
      { step: 'initialize', name: 'sqs-down' },
    );
    const sink = createEventProcessor({
      doc: stack.clients.doc,
      tables: stack.tables,
      scheduler: createRetryScheduler({
        sqs: unreachable,
        queueUrl: stack.retryQueueUrl,
        now: () => T0,
      }),
      now: () => T0,
      decideRetry,
      random: () => 0.5,
    });
    const tx = countRequests(stack.clients.dynamodb);

    await expect(sink.process([soft('q1@example.com'), soft('q2@example.com')])).rejects.toThrow(
      /sqs/,
    );
    // SQS is asked first: no transaction was tried, so a redelivery starts from nothing.
    expect(tx.counts.get('TransactWriteItemsCommand') ?? 0).toBe(0);
  });
});

describe.skipIf(!HAS_TRANSACTIONS)('SNS certificate fetch failures', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await createRig();
  });
  afterAll(async () => rig?.stop());

  it('answer 503 (SNS retries) and count as a verification failure', async () => {
    const o = observed();
    const handler = await vendorHandler(
      { ...rig.base, logger: o.logger, metrics: o.metrics },
      'ses',
      { topicArns: ['arn:aws:sns:us-east-1:123456789012:ses-feedback'], credentials: [] },
      {
        get: async () => {
          throw new Error('sns.us-east-1.amazonaws.com answered 503');
        },
      },
    );
    const req = rig.request('ses', payload('ses-notification-bounce-permanent-general-sns.json'));
    const res = await rig.invoke(handler, req);
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({ dependency: 'sns-certificate' });
    expect(o.addMetric).toHaveBeenCalledWith('VerificationFailures', 'Count', 1);
  });
});
