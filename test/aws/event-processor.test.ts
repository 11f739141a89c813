/**
 * The event processor on real local servers: suppression records, idempotent redelivery,
 * soft-bounce retries and escalation, delivery clearing state, batching cost of a big batch.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createEventProcessor, createRetryScheduler, markerKey, softKey } from '@rebound/aws';
import { decideRetry, type NormalizedEvent } from '@rebound/core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startSqs } from '../setup/servers.ts';
import {
  clientsFor,
  countRequests,
  createStack,
  HAS_TRANSACTIONS,
  makeEvent,
  type Stack,
} from './helpers.ts';

let sqs: Awaited<ReturnType<typeof startSqs>>;
let stack: Stack;
const clock = { t: new Date('2026-11-28T09:00:00.000Z') };

function processor(s: Stack = stack) {
  const now = () => clock.t;
  return createEventProcessor({
    doc: s.clients.doc,
    tables: s.tables,
    scheduler: createRetryScheduler({ sqs: s.clients.sqs, queueUrl: s.retryQueueUrl, now }),
    now,
    decideRetry,
    random: () => 0.5,
  });
}

const queued = (s: Stack) => {
  const name = s.retryQueueUrl.split('/').pop() as string;
  const q = sqs.server.inspectQueue(name);
  return [...(q?.messages.ready ?? []), ...(q?.messages.delayed ?? [])];
};
const get = async (table: string, key: Record<string, string>) =>
  (
    await stack.clients.doc.send(
      new GetCommand({ TableName: table, Key: key, ConsistentRead: true }),
    )
  ).Item;

beforeAll(async () => {
  sqs = await startSqs();
  stack = await createStack(clientsFor(process.env.DDB_ENDPOINT, sqs.endpoint));
});
afterAll(async () => sqs?.stop());

describe.skipIf(!HAS_TRANSACTIONS)('event processor (DynamoDB Local)', () => {
  it('writes a suppression record with reply, rule, evidence and TTL, and ignores a redelivery', async () => {
    const e = makeEvent({ v: 'hard', recipient: 'hard@example.com' });
    const report = await processor().process([e]);
    expect(report.outcomes.suppressed).toBe(1);
    const item = await get(stack.tables.suppressions, { email: 'hard@example.com' });
    expect(item).toMatchObject({
      status: 'suppressed',
      action: 'suppress',
      reason: 'user-unknown',
      rule: 'test-hard',
      reply: { code: 550, enhanced: '5.1.1', text: 'user unknown' },
      vendor: 'sendgrid',
      count: 1,
      firstSeen: e.occurredAt,
      lastSeen: e.occurredAt,
      version: 1,
    });
    expect(item?.evidence).toHaveLength(1);
    expect(item?.expiresAt).toBe(Math.floor(Date.parse(e.occurredAt) / 1000) + 365 * 86_400);
    const again = await processor().process([e, e]);
    expect(again.outcomes.duplicate).toBe(2);
    expect(await get(stack.tables.suppressions, { email: 'hard@example.com' })).toEqual(item);
    expect((await get(stack.tables.state, { pk: markerKey(e.id) }))?.status).toBe('done');
  });

  it('keeps complaints forever and caps evidence at 5', async () => {
    const events = Array.from({ length: 7 }, (_, i) =>
      makeEvent({
        kind: 'complaint',
        verdict: null,
        recipient: 'cmp@example.com',
        occurredAt: `2026-11-28T08:0${i}:00.000Z`,
      }),
    );
    await processor().process(events);
    const item = await get(stack.tables.suppressions, { email: 'cmp@example.com' });
    expect(item).toMatchObject({
      reason: 'complaint',
      count: 7,
      lastSeen: '2026-11-28T08:06:00.000Z',
    });
    expect(item?.expiresAt).toBeUndefined();
    expect(item?.evidence.map((x: { eventId: string }) => x.eventId)).toEqual(
      events.slice(2).map((x) => x.id),
    );
  });

  it('lets an echo create a missing record but not bump an existing one', async () => {
    const echo = makeEvent({
      v: 'hard',
      kind: 'dropped',
      echo: true,
      recipient: 'echo@example.com',
    });
    await processor().process([echo]);
    const created = await get(stack.tables.suppressions, { email: 'echo@example.com' });
    expect(created).toMatchObject({ count: 1, createdByEcho: true });
    const echo2 = makeEvent({
      v: 'hard',
      kind: 'dropped',
      echo: true,
      recipient: 'echo@example.com',
      occurredAt: '2026-11-29T00:00:00.000Z',
    });
    await processor().process([echo2]);
    expect(await get(stack.tables.suppressions, { email: 'echo@example.com' })).toEqual(created);
  });

  it('schedules a soft bounce with DelaySeconds from the clock, escalates after the last attempt', async () => {
    const email = 'soft@example.com';
    const first = makeEvent({ v: 'soft', recipient: email });
    const r1 = await processor().process([first]);
    expect(r1.outcomes['retry-scheduled']).toBe(1);
    const soft = await get(stack.tables.state, { pk: softKey(email) });
    expect(soft).toMatchObject({ attempts: 1, firstFailureAt: first.occurredAt });
    const msgs = queued(stack).filter((m) => JSON.parse(m.body).recipient === email);
    expect(msgs).toHaveLength(1);
    const body = JSON.parse(msgs[0]!.body);
    expect(body).toMatchObject({
      schema: 'rebound.retry',
      attempt: 1,
      dueAt: '2026-11-28T09:01:00.000Z',
    });
    expect(msgs[0]!.delayUntil! - msgs[0]!.sentTimestamp).toBeGreaterThanOrEqual(59_000);
    // Four more rate-limit deferrals (a sender-side cause, other messages) use attempts 2..5;
    // the sixth gives the message up and leaves the address sendable (docs/policy.md).
    const outcomes: string[] = [];
    for (let i = 2; i <= 6; i++) {
      const r = await processor().process([
        makeEvent({
          v: 'soft',
          recipient: email,
          messageId: `msg-${i}`,
          occurredAt: `2026-11-28T08:0${i}:00.000Z`,
        }),
      ]);
      outcomes.push(
        ...Object.entries(r.outcomes)
          .filter(([, n]) => n > 0)
          .map(([o]) => o),
      );
    }
    expect(outcomes).toEqual([...Array(4).fill('retry-scheduled'), 'gave-up']);
    expect(await get(stack.tables.suppressions, { email })).toBeUndefined();
    expect(await get(stack.tables.state, { pk: softKey(email) })).toBeUndefined();
  });

  it('escalates a mailbox-full bounce that lasts 24 h+ across two messages, and only then', async () => {
    onTestFinished(() => {
      clock.t = new Date('2026-11-28T09:00:00.000Z');
    });
    const email = 'full@example.com';
    const at = (iso: string) => {
      clock.t = new Date(iso);
      return processor();
    };
    await at('2026-11-28T08:00:00.000Z').process([
      makeEvent({
        v: 'full',
        recipient: email,
        messageId: 'a',
        occurredAt: '2026-11-28T08:00:00.000Z',
      }),
    ]);
    await at('2026-11-28T09:00:00.000Z').process([
      makeEvent({
        v: 'full',
        recipient: email,
        messageId: 'b',
        occurredAt: '2026-11-28T09:00:00.000Z',
      }),
    ]);
    // Attempts spent after 1 h: not yet 24 h, so the message is given up and the state kept.
    const early = await at('2026-11-28T15:00:00.000Z').process([
      makeEvent({
        v: 'full',
        recipient: email,
        messageId: 'c',
        occurredAt: '2026-11-28T15:00:00.000Z',
      }),
    ]);
    expect(early.outcomes['gave-up']).toBe(1);
    expect(await get(stack.tables.suppressions, { email })).toBeUndefined();
    const late = await at('2026-11-29T09:00:00.000Z').process([
      makeEvent({
        v: 'full',
        recipient: email,
        messageId: 'd',
        occurredAt: '2026-11-29T09:00:00.000Z',
      }),
    ]);
    expect(late.outcomes.escalated).toBe(1);
    expect(await get(stack.tables.suppressions, { email })).toMatchObject({
      status: 'suppressed',
      reason: 'persistent-soft-bounce',
      softBounce: { attempts: 2, firstFailureAt: '2026-11-28T08:00:00.000Z' },
    });
    expect(await get(stack.tables.state, { pk: softKey(email) })).toBeUndefined();
  });

  it('puts an unproven hard failure on probation and suppresses its repeat a day later', async () => {
    onTestFinished(() => {
      clock.t = new Date('2026-11-28T09:00:00.000Z');
    });
    const email = 'probation@example.com';
    const at = (iso: string) => {
      clock.t = new Date(iso);
      return processor();
    };
    const first = makeEvent({ v: 'unproven', recipient: email, messageId: 'a' });
    expect((await at('2026-11-28T08:00:00.000Z').process([first])).outcomes.probation).toBe(1);
    expect(await get(stack.tables.suppressions, { email })).toMatchObject({
      status: 'probation',
      probation: { eventId: first.id, messageId: 'a' },
    });
    // A redelivery changes nothing.
    expect((await at('2026-11-28T08:05:00.000Z').process([first])).outcomes.duplicate).toBe(1);
    const second = makeEvent({
      v: 'unproven',
      recipient: email,
      messageId: 'b',
      occurredAt: '2026-11-29T08:00:00.000Z',
    });
    expect((await at('2026-11-29T08:00:00.000Z').process([second])).outcomes.escalated).toBe(1);
    const record = await get(stack.tables.suppressions, { email });
    expect(record).toMatchObject({ status: 'suppressed', reason: 'repeated-hard-failure' });
    expect(record?.evidence.map((x: { messageId: string }) => x.messageId)).toEqual(['a', 'b']);
  });

  it('clears soft-bounce state on a later delivery, not on an earlier one', async () => {
    const email = 'clear@example.com';
    await processor().process([
      makeEvent({ v: 'soft', recipient: email, occurredAt: '2026-11-28T08:30:00.000Z' }),
    ]);
    await processor().process([
      makeEvent({ recipient: email, occurredAt: '2026-11-28T08:00:00.000Z' }),
    ]);
    expect(await get(stack.tables.state, { pk: softKey(email) })).toBeDefined();
    const r = await processor().process([
      makeEvent({ recipient: email, occurredAt: '2026-11-28T08:45:00.000Z' }),
    ]);
    expect(r.outcomes['soft-cleared']).toBe(1);
    expect(await get(stack.tables.state, { pk: softKey(email) })).toBeUndefined();
  });

  it('lifts an unsubscribe on resubscribe but not a user-unknown', async () => {
    await processor().process([
      makeEvent({ kind: 'unsubscribe', recipient: 'u1@example.com' }),
      makeEvent({ v: 'hard', recipient: 'u2@example.com' }),
    ]);
    const later = '2026-11-28T10:00:00.000Z';
    await processor().process([
      makeEvent({ kind: 'resubscribe', recipient: 'u1@example.com', occurredAt: later }),
      makeEvent({ kind: 'resubscribe', recipient: 'u2@example.com', occurredAt: later }),
    ]);
    expect(await get(stack.tables.suppressions, { email: 'u1@example.com' })).toMatchObject({
      status: 'unsuppressed',
      lifted: { by: 'webhook:sendgrid', why: 'sendgrid:resubscribe' },
    });
    expect((await get(stack.tables.suppressions, { email: 'u2@example.com' }))?.status).toBe(
      'suppressed',
    );
  });

  it('processes 1,000 events in a few batched requests', async () => {
    const s = await createStack(clientsFor(process.env.DDB_ENDPOINT, sqs.endpoint));
    const ddb = countRequests(s.clients.dynamodb);
    const q = countRequests(s.clients.sqs);
    const events: NormalizedEvent[] = [];
    for (let i = 0; i < 1000; i++) {
      const r = `user${i % 400}@example.com`;
      const kind = i % 5;
      if (kind === 0) events.push(makeEvent({ v: 'hard', recipient: r }));
      else if (kind === 1) events.push(makeEvent({ v: 'soft', recipient: `soft-${r}` }));
      else if (kind === 2) events.push(makeEvent({ recipient: r }));
      else events.push(makeEvent({ kind: 'ignored', recipient: r }));
    }
    const report = await processor(s).process(events);
    expect(report.outcomes.ignored).toBe(400);
    expect(report.outcomes.suppressed).toBe(200);
    expect(report.outcomes['retry-scheduled']).toBe(200);
    const calls = Object.fromEntries([...ddb.counts, ...q.counts]);
    console.info(
      '1,000-event batch requests:',
      JSON.stringify(calls),
      'total',
      ddb.total() + q.total(),
    );
    expect(ddb.total() + q.total()).toBeLessThan(60);
    expect(q.counts.get('SendMessageBatchCommand')).toBe(20);
  });
});
