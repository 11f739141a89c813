/**
 * Fault injection on dedicated servers: DynamoDB Local (persisted to disk) or fauxqs (persisted)
 * is stopped in the middle of a SendGrid batch → 503; after restart, a redelivery completes the
 * batch with nothing lost and nothing doubled, compared with a clean single delivery.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planEvent } from '@rebound/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  hasJava,
  type LocalServer,
  startDynamoLocal,
  startSqs,
} from '../setup/servers.ts';
import { createRig, type Rig, sendgridBatch, sorted } from './e2e.ts';
import { clientsFor, createStack } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'rebound-faults-'));
let ddbPort: number;
let sqsPort: number;
let ddb: LocalServer;
let sqs: Awaited<ReturnType<typeof startSqs>>;
let rig: Rig;
let ref: Rig;

const startDdb = () => startDynamoLocal({ port: ddbPort, dbPath: dir });
const startQueue = () => startSqs({ port: sqsPort, dataDir: join(dir, 'sqs') });

/** Runs `action` once, right before the `n`-th request named `command` leaves the client. */
function before(
  client: { middlewareStack: { add: (mw: never, o: object) => void } },
  command: string,
  n: number,
  action: () => Promise<void>,
) {
  let seen = 0;
  const mw =
    (next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }) =>
    async (args: unknown) => {
      if (ctx.commandName === command && ++seen === n) await action();
      return next(args);
    };
  client.middlewareStack.add(mw as never, {
    step: 'initialize',
    name: `fault-${command}-${n}-${Math.random()}`,
  });
}

const STRIP = new Set(['version', 'recordedAt', 'expiresAt', 'lease', 'leaseUntil']);
const stateView = (items: Record<string, unknown>[]) =>
  sorted(items, 'pk').map((i) =>
    String(i.pk).startsWith('event#')
      ? Object.fromEntries(Object.entries(i).filter(([k]) => !STRIP.has(k)))
      : i,
  );
const contents = async (r: Rig) => ({
  suppressions: sorted(await r.scan(r.stack.tables.suppressions), 'email'),
  state: stateView(await r.scan(r.stack.tables.state)),
  // Distinct retries: they are enqueued before their state commits, so a delivery that failed
  // after sending leaves copies its redelivery sends again (same retry id); the worker emits
  // each retry id once (test/reliability/faults.test.ts).
  retries: [
    ...new Set(
      r
        .queued(r.stack.retryQueueUrl)
        .map((m) => `${JSON.parse(m.body).eventId}#${JSON.parse(m.body).attempt}`),
    ),
  ].sort(),
});

beforeAll(async () => {
  if (!hasJava()) return;
  ddbPort = await freePort();
  sqsPort = await freePort();
  ddb = await startDdb();
  sqs = await startQueue();
});
afterAll(async () => {
  await rig?.stop();
  await ref?.stop();
  await ddb?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function freshRigs() {
  const clients = clientsFor(ddb.endpoint, sqs.endpoint, 1);
  rig = await createRig({ sqsServer: sqs, stack: await createStack(clients) });
  ref = await createRig({
    sqsServer: sqs,
    stack: await createStack(clientsFor(ddb.endpoint, sqs.endpoint)),
  });
  // One clock for both, the later one: each rig's SNS test certificate is valid from its creation.
  rig.clock.t = ref.clock.t;
}

describe.skipIf(!hasJava())('fault injection', () => {
  it('SQS stopped mid-batch → 503; redelivery after restart enqueues every retry exactly once', async () => {
    await freshRigs();
    const body = sendgridBatch(200, 'q');
    const soft = (await rig.parse('sendgrid', body)).filter(
      (e) => planEvent(e).type === 'soft-bounce',
    );
    before(rig.stack.clients.sqs, 'SendMessageBatchCommand', 3, () => sqs.stop());
    const failed = await rig.post('sendgrid', body);
    expect(failed.statusCode).toBe(503);
    sqs = await startQueue();
    rig.setSqsServer(sqs);
    ref.setSqsServer(sqs);
    expect(rig.queued(rig.stack.retryQueueUrl).length).toBeLessThan(soft.length);
    const again = await rig.post('sendgrid', body);
    expect(again.statusCode).toBe(200);
    expect((await ref.post('sendgrid', body)).statusCode).toBe(200);
    const got = await contents(rig);
    expect(got.retries).toHaveLength(soft.length);
    expect(got).toEqual(await contents(ref));
  });

  it('DynamoDB stopped mid-batch → 503; redelivery after restart completes it, nothing doubled', async () => {
    await freshRigs();
    const body = sendgridBatch(400, 'd');
    before(rig.stack.clients.dynamodb, 'TransactWriteItemsCommand', 3, () => ddb.stop());
    const failed = await rig.post('sendgrid', body);
    expect(failed.statusCode).toBe(503);
    ddb = await startDdb();
    // the vendor retries later
    rig.clock.t = new Date(rig.clock.t.getTime() + 60_000);
    ref.clock.t = rig.clock.t;
    const again = await rig.post('sendgrid', body);
    expect(again.statusCode).toBe(200);
    expect((await ref.post('sendgrid', body)).statusCode).toBe(200);
    const got = await contents(rig);
    const want = await contents(ref);
    expect(got.suppressions.length).toBeGreaterThan(0);
    expect(got.state).toEqual(want.state);
    expect(got.retries).toEqual(want.retries);
    // records are identical except the time they were last written
    const noTime = (rows: Record<string, unknown>[]) => rows.map(({ updatedAt, ...r }) => r);
    expect(noTime(got.suppressions)).toEqual(noTime(want.suppressions));
  });
});
